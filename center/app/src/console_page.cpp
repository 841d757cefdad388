#include "lw/center/console_page.hpp"

namespace lw::center {

const std::string& console_page() {
    static const std::string page = R"html(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Liftwatch — emergency-disposal center</title>
<style>
 body{font-family:system-ui,sans-serif;margin:0;background:#0f1720;color:#e6edf3}
 header{padding:12px 20px;background:#16212e;display:flex;gap:24px;align-items:baseline}
 h1{font-size:20px;margin:0} .kpi{font-size:14px;color:#9fb3c8} .kpi b{color:#fff;font-size:18px}
 main{display:grid;grid-template-columns:1fr 1.3fr;gap:16px;padding:16px}
 table{width:100%;border-collapse:collapse;font-size:14px} td,th{padding:6px 8px;border-bottom:1px solid #243447;text-align:left}
 tr.open{background:#3a1d1d} tr:hover{background:#1d2b3a;cursor:pointer}
 .panel{background:#16212e;border-radius:8px;padding:12px} h2{font-size:16px;margin:4px 0 10px}
 .step{font-family:ui-monospace,monospace;font-size:13px} .lvl3{color:#ff7b72} .lvl2{color:#f0b72f}
 form{display:flex;flex-wrap:wrap;gap:6px;margin-top:8px} input,select,button{background:#0f1720;color:#e6edf3;border:1px solid #2d4258;padding:4px 6px}
</style></head><body>
<header><h1>Liftwatch 96333 center</h1>
 <span class="kpi">elevators <b id="k-el">–</b></span><span class="kpi">online <b id="k-on">–</b></span>
 <span class="kpi">open incidents <b id="k-open">–</b></span><span class="kpi">alarms <b id="k-al">–</b></span>
 <span class="kpi">clock <b id="k-clock">–</b></span></header>
<main>
 <section class="panel"><h2>Incidents</h2>
  <table><thead><tr><th>#</th><th>elevator</th><th>source</th><th>phase</th><th>level</th><th>opened</th></tr></thead>
  <tbody id="incidents"></tbody></table>
  <h2>Alarm intake (96333 / 110 / 119 / using unit)</h2>
  <form id="alarm"><input name="elevator" placeholder="elevator id"><input name="rescue_code" placeholder="or rescue code" size="8">
   <select name="source"><option>hotline_96333</option><option>transfer_110</option><option>transfer_119</option><option>using_unit</option></select>
   <input name="caller" placeholder="caller number"><input name="notes" placeholder="notes"><button>raise alarm</button></form>
  <div id="alarm-result" class="kpi"></div>
 </section>
 <section class="panel"><h2 id="detail-title">Rescue timeline</h2><div id="detail" class="kpi">select an incident</div></section>
</main>
<script>
let selected=null;
const esc=s=>String(s).replace(/[&<>"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
async function j(u,o){const r=await fetch(u,o);return r.json();}
async function refresh(){
 try{
 const m=await j('/api/metrics');
 document.getElementById('k-el').textContent=m.elevators;document.getElementById('k-on').textContent=m.online;
 document.getElementById('k-open').textContent=m.open_incidents;document.getElementById('k-al').textContent=m.alarms_raised;
 document.getElementById('k-clock').textContent=m.clock+' '+m.now;
 const inc=await j('/api/incidents');
 document.getElementById('incidents').innerHTML=inc.map(i=>`<tr class="${i.phase!='closed'?'open':''}" onclick="sel(${i.id})"><td>${i.id}</td><td>${esc(i.elevator_id)}</td><td>${esc(i.source)}</td><td>${esc(i.phase)}</td><td class="lvl${i.level}">L${i.level}</td><td>${esc(i.opened)}</td></tr>`).join('');
 if(selected!==null)await show(selected);
 }catch(e){}
}
async function show(id){
 const d=await j('/api/incidents/'+id);
 document.getElementById('detail-title').textContent=`Incident ${id} — ${d.elevator_id} — ${d.phase}`;
 document.getElementById('detail').innerHTML='<table>'+d.timeline.map(t=>`<tr class="step"><td>${esc(t.at)}</td><td>${esc(t.step)}</td><td>${esc(t.actor)}</td><td>${esc(t.details)}</td></tr>`).join('')+'</table>';
}
function sel(id){selected=id;show(id);}
document.getElementById('alarm').onsubmit=async e=>{e.preventDefault();
 const r=await j('/api/alarms',{method:'POST',headers:{'Content-Type':'application/x-www-form-urlencoded'},body:new URLSearchParams(new FormData(e.target))});
 document.getElementById('alarm-result').textContent=JSON.stringify(r);refresh();};
refresh();setInterval(refresh,2000);
</script></body></html>
)html";
    return page;
}

}  // namespace lw::center
