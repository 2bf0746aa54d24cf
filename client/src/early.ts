// Evaluated before the rest of the app (the first import of main.ts): an invite link's
// first visit asks the server for its cycle now, while the app starts (session/early-open.ts).
import { startEarlyOpen } from './session/early-open.ts';

startEarlyOpen();

// For early-doc.ts, which imports it from here: the bundler then keeps these modules in
// this script alone (a module both early scripts imported would get a script of its own).
export { buildEarlyDoc } from './session/early-open.ts';
