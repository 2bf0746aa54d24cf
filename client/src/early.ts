// Evaluated before the rest of the app (the first import of main.ts): an invite link's
// first visit asks the server for its cycle now, while the app starts (session/early-open.ts).
import { startEarlyOpen } from './session/early-open.ts';

startEarlyOpen();
