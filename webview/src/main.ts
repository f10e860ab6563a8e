/**
 * Entry of the trace viewer bundle (dist/webview.js): in an HTML report (the embedded trace is in
 * the page) it hosts itself; in VS Code it talks to the extension host.
 */
import { REPORT_DATA_ID } from '../../common/src/trace/report';
import { App } from './app';
import { vscodeChannel } from './channel';
import { reportChannel } from './reportHost';

const channel = document.getElementById(REPORT_DATA_ID) ? reportChannel() : vscodeChannel();
const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
root.id = 'app';
new App(root, channel).start();
