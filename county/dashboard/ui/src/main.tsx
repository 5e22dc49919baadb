// Entry point of the county dashboard.
import { render } from 'preact';
import './styles/app.css';
import './styles/tables.css';
import './styles/forms.css';
import { App } from './app.tsx';

const root = document.getElementById('app')!;
// The page's "loading…" line is there until the bundle runs; Preact would render beside it, not over it.
root.textContent = '';
render(<App />, root);
