// Draws the reports page's charts with Chart.js (loaded before this file) from the JSON the page
// carries in #dashboard-charts. Values come in the reports' own units: money in pence, ratios.
'use strict';

(() => {
  const source = document.getElementById('dashboard-charts');
  const pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
  const poundsWhole = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
  const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
  const formats = {
    pence: { tick: (value) => poundsWhole.format(value / 100), value: (value) => pounds.format(value / 100) },
    ratio: { tick: (value) => `${Number(value).toFixed(2)}×`, value: (value) => `${value.toFixed(2)}×` },
    shifts: { tick: (value) => whole.format(value), value: (value) => `${whole.format(value)} shifts` },
    breaches: { tick: (value) => whole.format(value), value: (value) => whole.format(value) },
  };

  // Changing the system lists other trusts once the form is sent: the chosen trust no longer applies.
  const system = document.getElementById('filter-systemId');
  const trust = document.getElementById('filter-trustId');
  if (system && trust) system.addEventListener('change', () => (trust.value = ''));

  if (source && typeof Chart !== 'undefined') {
    const charts = JSON.parse(source.textContent);
    Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
    Chart.defaults.font.size = 13;
    Chart.defaults.color = '#212b32';
    Chart.defaults.animation = false;
    for (const [id, spec] of Object.entries(charts)) {
      const canvas = document.getElementById(id);
      if (!canvas) continue;
      const format = formats[spec.unit];
      const box = canvas.parentElement;
      // One row of bars per category: room for every label.
      if (spec.horizontal) box.style.height = `${Math.max(240, spec.labels.length * 34 + 90)}px`;
      const valueAxis = spec.horizontal ? 'x' : 'y';
      const categoryAxis = spec.horizontal ? 'y' : 'x';
      new Chart(canvas, {
        type: 'bar',
        data: {
          labels: spec.labels,
          datasets: spec.datasets.map((dataset) => ({
            label: dataset.label,
            data: dataset.data,
            backgroundColor: dataset.color,
            borderColor: dataset.color,
            borderWidth: 1,
            ...(dataset.stack ? { stack: dataset.stack } : {}),
          })),
        },
        options: {
          indexAxis: categoryAxis,
          responsive: true,
          maintainAspectRatio: false,
          scales: {
            [valueAxis]: {
              stacked: spec.stacked,
              beginAtZero: true,
              title: { display: true, text: spec.axisTitle },
              // Shifts and breaches are counted: no fractional ticks.
              ticks: {
                callback: (value) => format.tick(value),
                ...(spec.unit === 'pence' || spec.unit === 'ratio' ? {} : { precision: 0 }),
              },
            },
            [categoryAxis]: { stacked: spec.stacked },
          },
          plugins: {
            legend: { position: 'bottom', display: spec.datasets.length > 1 },
            tooltip: {
              callbacks: {
                label: (context) =>
                  `${context.dataset.label}: ${context.raw === null ? 'none' : format.value(context.raw)}`,
              },
            },
          },
        },
      });
    }
  }
  document.documentElement.dataset.chartsReady = 'true';
})();
