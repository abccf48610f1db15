/** `npm run workbench`: the stand-in alone, for trying things by hand. */
import { startWorkbench } from './server.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const wb = await startWorkbench({ port: arg('port', 8443), seed: arg('seed', 1), count: arg('count', 240) });
console.log(`Stand-in TCCC workbench on 127.0.0.1:${wb.port}, answering as https://tccc.qcloud.com and https://${wb.cosHost}

Start Chromium with:
  chromium --host-resolver-rules="${wb.hostResolverRules}" --ignore-certificate-errors --load-extension=.output/chrome-mv3

Then open ${wb.loginUrl} (it sets the session cookie), or go straight to
  ${wb.recordPageUrl}
${wb.calls.length} calls over the last 7 days. Ctrl-C stops it.`);
process.on('SIGINT', () => void wb.close().then(() => process.exit(0)));
