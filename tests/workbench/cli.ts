/** `npm run workbench`: the stand-in alone, for trying things by hand. */
import { startWorkbench } from './server.ts';
import { PAGE_MODE_NAMES, type PageModeName } from './modes.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function modeArg(): PageModeName {
  const i = process.argv.indexOf('--mode');
  const name = i > 0 ? process.argv[i + 1] : 'classic';
  if (!PAGE_MODE_NAMES.includes(name as PageModeName)) {
    console.error(`Unknown mode ${name}; the modes are: ${PAGE_MODE_NAMES.join(', ')}`);
    process.exit(2);
  }
  return name as PageModeName;
}

const mode = modeArg();
const wb = await startWorkbench({ port: arg('port', 8443), seed: arg('seed', 1), count: arg('count', 240), mode });
console.log(`Stand-in TCCC workbench (mode ${mode}) on 127.0.0.1:${wb.port}, answering as https://tccc.qcloud.com and https://${wb.cosHost}

Start Chromium with:
  chromium --host-resolver-rules="${wb.hostResolverRules}" --ignore-certificate-errors --load-extension=.output/chrome-mv3

Then open ${wb.loginUrl} (it sets the session cookie), or go straight to
  ${wb.recordPageUrl}
${wb.calls.length} calls over the last 7 days. Ctrl-C stops it.`);
process.on('SIGINT', () => void wb.close().then(() => process.exit(0)));
