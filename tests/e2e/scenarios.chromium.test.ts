import { defineScenarios } from './scenarios';
import { startChromium } from './driver-chromium';

defineScenarios(startChromium);
