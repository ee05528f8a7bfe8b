// Draws the snapshot-size chart each time htmx swaps the backups history in (every 2 s while the page is open).
document.addEventListener('htmx:load', event => {
  for (const chart of Object.values(Chart.instances)) {
    if (!chart.canvas.isConnected) {
      chart.destroy(); // its canvas was swapped out
    }
  }
  const canvas = event.detail.elt.querySelector ? event.detail.elt.querySelector('#backup-sizes') : null;
  if (!canvas) {
    return;
  }
  const times = canvas.dataset.times.split(',').map(iso => new Date(iso).toLocaleString());
  const sizes = canvas.dataset.sizes.split(',').map(Number);
  new Chart(canvas, {
    type: 'line',
    data: {labels: times, datasets: [{label: 'Snapshot size', data: sizes, borderColor: '#198754', pointRadius: 3, tension: 0.2}]},
    options: {
      animation: false,
      maintainAspectRatio: false,
      plugins: {legend: {display: false}, tooltip: {callbacks: {label: item => readableBytes(item.parsed.y)}}},
      scales: {x: {ticks: {maxTicksLimit: 6}}, y: {beginAtZero: true, ticks: {callback: readableBytes}}}
    }
  });
});

function readableBytes(bytes) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let unit = 0;
  while (bytes >= 1024 && unit < units.length - 1) {
    bytes /= 1024;
    unit++;
  }
  return (unit === 0 ? bytes : bytes.toFixed(1).replace(/\.0$/, '')) + ' ' + units[unit];
}
