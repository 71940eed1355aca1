// Submits the SAML POST-binding form once on arrival. Coming back with the back button (or
// from the page cache) leaves it alone, so the back button never loops to the IdP.
(() => {
  const form = document.querySelector('form[data-auto-post]');
  if (!form) return;
  const navigation = performance.getEntriesByType('navigation')[0];
  if (navigation && navigation.type === 'back_forward') return;
  window.addEventListener('pageshow', (event) => {
    if (!event.persisted) form.submit();
  });
})();
