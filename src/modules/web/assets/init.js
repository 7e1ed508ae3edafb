// Starts the NHS.UK frontend's components (header menu, error summary focus, and so on).
import { initAll } from '/assets/nhsuk/nhsuk-frontend.min.js';
initAll();
