// Entry point: mounts the app and registers the offline service worker.
import { mount } from 'svelte';
import App from './App.svelte';
import { registerServiceWorker } from './pwa/register.ts';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

export default mount(App, { target });

registerServiceWorker();
