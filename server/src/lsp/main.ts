/** Entry of the server bundle the extension starts over IPC. */
import { startServer } from './server';

startServer('ipc');
