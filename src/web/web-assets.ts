/**
 * The stylesheet and the script of the web pages, served from memory by this process. Colours
 * are chosen for contrast on white: text #1b1f24 (16:1), links and buttons #0a4fb8 (7.6:1),
 * errors #a4161a (7.9:1), success #17612b (7.1:1).
 */
export const stylesheet = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#fff}
header{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between;padding:.75rem 1.5rem;border-bottom:1px solid #c9ced6;background:#f4f6f8}
.brand{font-weight:700}
nav ul{display:flex;gap:1rem;list-style:none;margin:0;padding:0;align-items:center}
main{max-width:70rem;margin:0 auto;padding:1rem 1.5rem 3rem}
main:focus{outline:none}
h1{font-size:1.6rem;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
a{color:#0a4fb8}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid #0a4fb8;outline-offset:2px}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.skip{position:absolute;left:-999px;top:.5rem}
.skip:focus{left:.5rem;background:#fff;padding:.25rem .5rem;z-index:1}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border-bottom:1px solid #c9ced6;padding:.4rem .5rem;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
button,.button{font:inherit;padding:.45rem .9rem;border:2px solid #0a4fb8;border-radius:4px;background:#0a4fb8;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#fff;color:#0a4fb8}
button.danger{background:#fff;color:#a4161a;border-color:#a4161a}
button.link{background:none;border:none;color:#0a4fb8;text-decoration:underline;padding:0}
button[disabled]{opacity:.6;cursor:progress}
input,select{font:inherit;padding:.35rem .5rem;border:1px solid #5c6670;border-radius:4px;color:#1b1f24;background:#fff}
input[type=number]{width:6rem}
label{font-weight:600}
.field{display:flex;flex-direction:column;gap:.25rem;margin:.75rem 0;max-width:24rem}
.inline{display:inline-flex;gap:.5rem;align-items:center;margin:0}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0}
.alert{border-left:6px solid #a4161a;background:#fdf1f1;padding:.75rem 1rem;margin:1rem 0}
.alert h2{margin-top:0;color:#a4161a}
.notice{border-left:6px solid #0a4fb8;background:#eef4fd;padding:.75rem 1rem;margin:1rem 0}
.success{border-left:6px solid #17612b;background:#eef8f0;padding:.75rem 1rem;margin:1rem 0}
.error-text{color:#a4161a;font-weight:600}
.muted{color:#4a535c}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0}
.steps{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}
.steps li{padding:.2rem .6rem;border:1px solid #5c6670;border-radius:999px}
.steps li[aria-current]{background:#0a4fb8;color:#fff;border-color:#0a4fb8}
.steps li.done{background:#eef8f0;border-color:#17612b}
fieldset{border:1px solid #c9ced6;border-radius:4px;margin:1rem 0;padding:.5rem 1rem}
legend{font-weight:600;padding:0 .25rem}
.filters{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end}
.filters .field{margin:0}
.charts{display:flex;flex-wrap:wrap;gap:2rem}
figure{margin:0}
figcaption{font-weight:600}
`;

/**
 * Progressive enhancement only: a form is submitted once (its buttons disable themselves), and
 * the heading of a page that reports an error takes the focus so a screen reader reads it.
 */
export const script = `
document.addEventListener('submit', function (event) {
  var form = event.target;
  setTimeout(function () {
    form.querySelectorAll('button[type=submit]').forEach(function (button) { button.disabled = true; });
  }, 0);
});
document.addEventListener('DOMContentLoaded', function () {
  var alert = document.querySelector('[role=alert] h2, [role=alert]');
  if (alert) { alert.setAttribute('tabindex', '-1'); alert.focus(); }
});
`;
