#include "lw/center/console_page.hpp"

namespace lw::center {

// The operators' console (big screen): KPIs, the incident list, the selected incident's rescue
// timeline with the operator's actions, the alarm intake form (96333 hotline, 110/119 transfer,
// using unit), and an electronic map of elevators and crews drawn from their coordinates (no
// map tiles: the center may have no internet; a large city is drawn as groups with counts, a click
// zooms in). Self-contained; polls the JSON API every 2 s.
const std::string& console_page() {
    static const std::string page = R"html(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Liftwatch — emergency-disposal center</title>
<style>
 body{font-family:system-ui,sans-serif;margin:0;background:#0f1720;color:#e6edf3}
 header{padding:10px 20px;background:#16212e;display:flex;gap:24px;align-items:baseline;flex-wrap:wrap}
 h1{font-size:20px;margin:0} .kpi{font-size:14px;color:#9fb3c8} .kpi b{color:#fff;font-size:18px}
 main{display:grid;grid-template-columns:minmax(420px,1fr) 1.4fr;gap:14px;padding:14px}
 table{width:100%;border-collapse:collapse;font-size:13px} td,th{padding:5px 7px;border-bottom:1px solid #243447;text-align:left;vertical-align:top}
 tr.open{background:#3a1d1d} tbody tr:hover{background:#1d2b3a;cursor:pointer} tr.sel{outline:2px solid #58a6ff}
 .panel{background:#16212e;border-radius:8px;padding:12px;margin-bottom:14px} h2{font-size:15px;margin:2px 0 8px}
 .step{font-family:ui-monospace,monospace;font-size:12px} .L3{color:#ff7b72;font-weight:bold} .L2{color:#f0b72f;font-weight:bold}
 form{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px} input,select,button{background:#0f1720;color:#e6edf3;border:1px solid #2d4258;padding:4px 6px;border-radius:4px}
 button{cursor:pointer} button:hover{background:#1f6feb} #msg{min-height:1.2em;font-size:13px;color:#f0b72f}
 svg{width:100%;height:360px;background:#0b1219;border-radius:6px}
 .legend{font-size:12px;color:#9fb3c8}
</style></head><body>
<header><h1>Liftwatch 96333 center</h1>
 <span class="kpi">elevators <b id="k-el">–</b></span><span class="kpi">online <b id="k-on">–</b></span>
 <span class="kpi">stale <b id="k-stale">–</b></span><span class="kpi">test alarms missing <b id="k-ta">–</b></span>
 <span class="kpi">open incidents <b id="k-open">–</b></span><span class="kpi">alarms <b id="k-al">–</b></span>
 <span class="kpi">dispatches <b id="k-d">–</b></span><span class="kpi">clock <b id="k-clock">–</b></span></header>
<main>
 <div>
  <section class="panel"><h2>Incidents</h2>
   <table><thead><tr><th>#</th><th>elevator</th><th>source</th><th>phase</th><th>level</th><th>opened</th></tr></thead>
   <tbody id="incidents"></tbody></table></section>
  <section class="panel"><h2>Boards to look at — stale (no status within 1.5 × its period), or missing EN 81-28 test alarms</h2>
   <table><thead><tr><th>elevator</th><th>state</th><th>test alarm</th><th>faults</th></tr></thead>
   <tbody id="watch"></tbody></table><div id="watch-note" class="kpi"></div></section>
  <section class="panel"><h2>Alarm intake — 96333 hotline, 110 / 119 transfer, using unit</h2>
   <form id="alarm"><input name="elevator" placeholder="elevator id" size="12"><input name="rescue_code" placeholder="or rescue code" size="9">
    <select name="source"><option>hotline_96333</option><option>transfer_110</option><option>transfer_119</option><option>using_unit</option></select>
    <input name="caller" placeholder="caller number" size="12"><input name="notes" placeholder="notes" size="18"><button>raise alarm</button></form>
   <div id="alarm-result" class="kpi"></div></section>
 </div>
 <div>
  <section class="panel"><h2 id="detail-title">Rescue timeline</h2>
   <div id="actions" style="display:none"><form id="act" onsubmit="return false">
    <input id="op" placeholder="operator" size="10" value="operator">
    <button onclick="act('callback')">call-back done</button>
    <button onclick="act('handover')">handed over</button>
    <select id="cause"><option>external</option><option>human</option><option>door_system</option><option>control_system</option><option>drive</option><option>power</option><option>other</option></select>
    <button onclick="act('cause')">record cause</button>
    <button onclick="act('close')">close</button>
    <input id="notes" placeholder="notes / reason" size="14"><button onclick="act('false_alarm')">false alarm</button></form>
    <div id="msg"></div></div>
   <div id="detail" class="kpi">select an incident</div></section>
  <section class="panel"><h2>Map</h2><svg id="map" viewBox="0 0 1000 360"></svg>
   <div class="legend">● elevator (grey online, purple stale, dark offline, orange fault, red open incident) ▲ crew (blue available, yellow dispatched/busy) ■ workstation team</div>
   <div class="legend"><span id="map-note"></span><a href="#" id="map-all" style="display:none;color:#58a6ff" onclick="view=null;map();return false">whole city</a></div></section>
 </div>
</main>
<script>
let selected=null;
const esc=s=>String(s??'').replace(/[&<>"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
async function j(u,o){const r=await fetch(u,o);return r.json();}
async function refresh(){
 try{
 const m=await j('/api/metrics');
 document.getElementById('k-el').textContent=m.elevators;document.getElementById('k-on').textContent=m.online;
 document.getElementById('k-open').textContent=m.open_incidents;document.getElementById('k-al').textContent=m.alarms_raised;
 document.getElementById('k-stale').textContent=m.watch?m.watch.stale:'–';
 document.getElementById('k-ta').textContent=m.watch?m.watch.test_alarms_missing:'–';
 document.getElementById('k-d').textContent=m.dispatches_sent;document.getElementById('k-clock').textContent=m.clock+' '+m.now;
 const inc=await j('/api/incidents');
 document.getElementById('incidents').innerHTML=inc.map(i=>`<tr class="${i.phase!='closed'?'open':''} ${i.id===selected?'sel':''}" onclick="sel(${i.id})"><td>${i.id}</td><td>${esc(i.elevator_id)}</td><td>${esc(i.source)}</td><td>${esc(i.phase)}</td><td class="L${i.level}">L${i.level}</td><td>${esc(i.opened)}</td></tr>`).join('');
 if(selected!==null)await show(selected);
 await watch();
 await map();
 }catch(e){}
}
async function show(id){
 const d=await j('/api/incidents/'+id);
 document.getElementById('detail-title').textContent=`Incident ${id} — ${d.elevator_id} — ${d.phase} — L${d.level}`;
 document.getElementById('actions').style.display=d.phase=='closed'?'none':'block';
 document.getElementById('detail').innerHTML='<table>'+d.timeline.map(t=>`<tr class="step"><td>${esc(t.at)}</td><td title="${esc(t.step)}">${esc(t.label??t.step)}</td><td>${esc(t.actor)}</td><td>${esc(t.details)}</td></tr>`).join('')+'</table>';
}
async function act(a){
 if(selected===null)return;
 const body=new URLSearchParams({operator:document.getElementById('op').value,notes:document.getElementById('notes').value,cause:document.getElementById('cause').value});
 const r=await j(`/api/incidents/${selected}/${a}`,{method:'POST',headers:{'Content-Type':'application/x-www-form-urlencoded'},body});
 document.getElementById('msg').textContent=r.error?('refused: '+r.error):(a+' recorded');refresh();
}
async function watch(){
 const w=await j('/api/elevators?watch=1');
 document.getElementById('watch').innerHTML=w.slice(0,20).map(e=>`<tr><td>${esc(e.id)}</td><td class="${e.state=='stale'?'L2':''}">${esc(e.state)}</td><td class="${e.test_alarm_overdue?'L2':''}">${e.test_alarm_overdue?'missing':'ok'}</td><td>${esc(e.active_faults)}</td></tr>`).join('');
 document.getElementById('watch-note').textContent=w.length?(w.length>20?`${w.length} boards, the first 20 shown`:''):'none';
}
let view=null; // the map's box: null = the whole city; a click on a cell zooms into it
async function map(){
 let d;try{d=await j('/api/map'+(view?'?bbox='+view.join(','):''));}catch(e){return;}
 if(!d||!d.elevators)return;
 const la0=d.south,la1=d.north,lo0=d.west,lo1=d.east;
 const X=lo=>20+(lo-lo0)/(lo1-lo0)*960,Y=la=>340-(la-la0)/(la1-la0)*320;
 const ecol=e=>e.incident?'#ff4d4f':(e.faults?'#f0883e':(e.online?'#8b949e':(e.status_overdue?'#a371f7':'#30363d')));
 let s='';
 if(d.mode=='cells'){const big=Math.max(...d.cells.map(c=>c.elevators));
  for(const c of d.cells){const col=c.incidents?'#ff4d4f':(c.faulted?'#f0883e':(c.offline*2>c.elevators?'#30363d':'#8b949e'));
   s+=`<circle cx="${X(c.lon)}" cy="${Y(c.lat)}" r="${3+9*Math.sqrt(c.elevators/big)}" fill="${col}" fill-opacity="0.7" style="cursor:zoom-in" onclick="zoom(${c.south},${c.west},${c.north},${c.east})"><title>${c.elevators} elevators, ${c.offline} offline, ${c.stale} stale, ${c.test_alarms_missing} missing test alarms, ${c.faulted} with a fault, ${c.incidents} incidents — click to zoom</title></circle>`;}}
 for(const e of d.elevators){if(d.mode=='cells'&&!e.incident)continue;if(e.incident||e.faults||e.status_overdue)continue;s+=`<circle cx="${X(e.lon)}" cy="${Y(e.lat)}" r="2" fill="${ecol(e)}"><title>${esc(e.id)}</title></circle>`;}
 for(const e of d.elevators){if(!(e.incident||e.faults||e.status_overdue))continue;s+=`<circle cx="${X(e.lon)}" cy="${Y(e.lat)}" r="${e.incident?7:4}" fill="${ecol(e)}"><title>${esc(e.id)} ${e.status_overdue?'stale ':''}${e.test_alarm_overdue?'test alarms missing ':''}${esc(e.faults)} ${e.incident?'incident '+e.incident:''}</title></circle>`;}
 for(const c of d.crews){const x=X(c.lon),y=Y(c.lat),col=c.status=='available'?'#58a6ff':'#e3b341';
  s+=c.kind=='rescue_team'?`<rect x="${x-4}" y="${y-4}" width="8" height="8" fill="${col}"><title>${esc(c.id)} ${esc(c.status)}</title></rect>`
   :`<polygon points="${x},${y-5} ${x-4},${y+3} ${x+4},${y+3}" fill="${col}"><title>${esc(c.id)} ${esc(c.kind)} ${esc(c.status)}</title></polygon>`;}
 document.getElementById('map').innerHTML=s;
 document.getElementById('map-note').textContent=`${d.total} elevators in view`+(d.mode=='cells'?' (grouped: click a group to zoom)':'')+(view?' — ':'');
 document.getElementById('map-all').style.display=view?'inline':'none';
}
function zoom(s,w,n,e){view=[s,w,n,e];map();}
function sel(id){selected=id;document.getElementById('msg').textContent='';show(id);refresh();}
document.getElementById('alarm').onsubmit=async e=>{e.preventDefault();
 const r=await j('/api/alarms',{method:'POST',headers:{'Content-Type':'application/x-www-form-urlencoded'},body:new URLSearchParams(new FormData(e.target))});
 document.getElementById('alarm-result').textContent=r.error?('refused: '+r.error):(r.joined?`joined open incident ${r.incident}`:`incident ${r.incident} opened`);
 if(r.incident)sel(r.incident);};
refresh();setInterval(refresh,2000);
</script></body></html>
)html";
    return page;
}

}  // namespace lw::center
