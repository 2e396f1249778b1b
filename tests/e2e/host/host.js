// The README's listener: resize the frame that sent an iframe.resize message.
window.heights = [];
window.addEventListener('message', (e) => {
  let m;
  try { m = JSON.parse(e.data); } catch { return; }
  if (!m || m.context !== 'iframe.resize') return;
  for (const f of document.querySelectorAll('iframe')) {
    if (f.contentWindow === e.source) {
      f.style.height = m.height + 'px';
      window.heights.push(m);
    }
  }
});
document.getElementById('gw').src = new URLSearchParams(location.search).get('app');
