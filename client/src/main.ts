import './early.ts';
import './early-doc.ts';
import { mount } from 'svelte';
import App from './App.svelte';
import { registerServiceWorker } from './device/service-worker.ts';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('The page has no #app element to mount Fulcrum in.');

registerServiceWorker();

export default mount(App, { target });
