import type { DeliveredMessage, HelloMessage, ResourceSnapshot, TrailEntry } from '../../server/dashboard/wire.js';
import { CallsChart } from './calls-chart.js';
import { fullTime } from './dom.js';
import { RecordDialog } from './record-dialog.js';
import { renderResources } from './resources-view.js';
import { TrailView } from './trail-view.js';
import './style.css';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const status = $('status');
const resources = $('resources');
const dialog = new RecordDialog($<HTMLDialogElement>('record'));
const trail = new TrailView($('trail'), (entry) => void dialog.open(entry));
const chart = new CallsChart($<HTMLCanvasElement>('chart'));

function setStatus(state: 'live' | 'connecting' | 'offline', text: string): void {
  status.className = `status ${state}`;
  status.textContent = text;
}

// The page only listens: every change it shows comes from the emulator's event stream.
const source = new EventSource('/_ecs-trail/api/events');
source.addEventListener('open', () => setStatus('live', 'live'));
source.addEventListener('error', () =>
  setStatus(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting', source.readyState === EventSource.CLOSED ? 'disconnected' : 'reconnecting…'),
);

const data = <T>(ev: Event) => JSON.parse((ev as MessageEvent<string>).data) as T;

source.addEventListener('hello', (ev) => {
  const hello = data<HelloMessage>(ev);
  $('version').textContent = `v${hello.version}`;
  $('folder').textContent = hello.trailFolder;
  trail.reset(hello.entries);
  chart.reset(hello.minutes);
  showResources(hello.resources);
});

source.addEventListener('calls', (ev) => {
  const entries = data<TrailEntry[]>(ev);
  trail.add(entries);
  chart.add(entries);
});

source.addEventListener('delivered', (ev) => {
  for (const entry of trail.delivered(data<DeliveredMessage>(ev))) {
    if (entry.eventId === dialog.eventId) dialog.showFile(entry);
  }
});

source.addEventListener('resources', (ev) => showResources(data<ResourceSnapshot>(ev)));
source.addEventListener('clock', (ev) => showClock(data<number>(ev)));

function showResources(snapshot: ResourceSnapshot): void {
  renderResources(resources, snapshot);
  showClock(snapshot.now);
}

function showClock(now: number): void {
  $('clock').textContent = `emulator clock ${fullTime(now)}`;
}
