// Every htmx request that could change something carries the page's CSRF token; plain forms carry it as a hidden field.
document.addEventListener('htmx:configRequest', (event) => {
  const token = document.querySelector('meta[name="csrf-token"]');
  if (token && event.detail.verb !== 'get') {
    event.detail.headers['X-CSRF-TOKEN'] = token.content;
  }
});
