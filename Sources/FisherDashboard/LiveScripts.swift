/// The pages' live updates: small scripts that poll the JSON API for what
/// changed since they last asked and update the page in place.
enum LiveScripts {
  /// `fmt(v)`: a number with six significant digits, as the server writes them.
  static let format = #"""
    function fmt(v){if(v===null||v===undefined)return '–';var s=Number(v).toPrecision(6);
      if(s.indexOf('.')>=0){s=s.replace(/0+(e|$)/,'$1').replace(/\.(e|$)/,'$1');}return s;}

    """#

  /// `/`: polls `/api/studies` (one small object per study) every second and
  /// updates the counts; a study not on the page yet reloads it.
  static let index = #"""
    function tick(){fetch('/api/studies').then(function(r){return r.json();}).then(function(list){
      var rows={};document.querySelectorAll('tr[data-study]').forEach(function(tr){rows[tr.dataset.study]=tr;});
      list.forEach(function(o){var s=o.status,tr=rows[s.name];if(!tr){location.reload();return;}
        var c=tr.children;c[3].textContent=fmt(s.best?s.best.value:null);c[4].textContent=s.done;
        c[5].textContent=s.running;c[6].textContent=s.pending;c[7].textContent=s.failed;c[8].textContent=s.liveWorkers;});
    }).catch(function(){}).finally(function(){setTimeout(tick,1000);});}
    setTimeout(tick,1000);
    """#

  /// `/studies/{name}`: every second, asks `/api/studies/{name}/results`
  /// for the results reported after the last one it has (`after=ID`), adds
  /// each as a marker to the f plot and a row to the latest results, then
  /// `/api/studies/{name}` for the counts. When a generation has completed
  /// it redraws the plots from `/studies/{name}/panels` (thinned on the
  /// server), at most every five seconds. The page of the candidate table
  /// on show is fetched again (`/studies/{name}/candidates`, that page alone)
  /// after new results, and every five seconds for leases and failures.
  static let study = #"""
    var live=document.getElementById('live'),name=live.dataset.study,after=Number(live.dataset.after);
    var generation=Number(live.dataset.generation),redrawn=Date.now(),busy=false,ns='http://www.w3.org/2000/svg';
    var changed=false,tabled=Date.now();
    var api='/api/studies/'+encodeURIComponent(name);
    function pos(v,lo,hi,scale){if(scale==='log'){v=Math.log10(v);lo=Math.log10(lo);hi=Math.log10(hi);}
      var f=hi>lo?(v-lo)/(hi-lo):0.5;return Math.min(1,Math.max(0,f));}
    function addMarker(k,y,id){var svg=document.querySelector('#values svg');if(!svg)return;
      var r=svg.querySelector('rect.frame');if(!r||r.dataset.xMin===undefined)return;
      if(r.dataset.yScale==='log'&&!(y>0))return;
      var fx=pos(k,Number(r.dataset.xMin),Number(r.dataset.xMax),r.dataset.xScale);
      var fy=pos(y,Number(r.dataset.yMin),Number(r.dataset.yMax),r.dataset.yScale);
      var g=svg.querySelector('g[data-series="f"]');
      if(!g){g=document.createElementNS(ns,'g');g.setAttribute('fill','#7f7f7f');g.setAttribute('data-series','f');svg.appendChild(g);}
      var c=document.createElementNS(ns,'circle');
      c.setAttribute('cx',(Number(r.getAttribute('x'))+fx*Number(r.getAttribute('width'))).toFixed(1));
      c.setAttribute('cy',(Number(r.getAttribute('y'))+(1-fy)*Number(r.getAttribute('height'))).toFixed(1));
      c.setAttribute('r','2.5');c.setAttribute('fill','#d62728');c.setAttribute('data-report',String(id));g.appendChild(c);}
    function addRow(r){var body=document.querySelector('#latest tbody');
      if(body.querySelector('tr[data-report="'+r.id+'"]'))return;
      var tr=document.createElement('tr');tr.dataset.report=String(r.id);
      [r.id,r.evaluation===null?'–':r.evaluation,r.generation,r.index,fmt(r.value)].forEach(function(v){
        var td=document.createElement('td');td.textContent=String(v);tr.appendChild(td);});
      body.insertBefore(tr,body.firstChild);while(body.children.length>10)body.removeChild(body.lastChild);}
    function results(){return fetch(api+'/results?after='+after+'&limit=1000').then(function(r){return r.json();})
      .then(function(d){if(!d.results)return;if(d.results.length>0)changed=true;
        var values=document.getElementById('values');var count=Number(values.dataset.count);
        d.results.forEach(function(r){count++;if(typeof r.value==='number')addMarker(count,r.value,r.id);addRow(r);});
        values.dataset.count=String(count);after=d.last;});}
    function counts(){return fetch(api).then(function(r){return r.json();}).then(function(o){var s=o.status;if(!s)return;
      ['done','running','pending','failed'].forEach(function(k){document.getElementById(k).textContent=s[k];});
      document.getElementById('workers').textContent=s.liveWorkers;
      document.getElementById('best').textContent=fmt(s.best?s.best.value:null);
      document.getElementById('generation').textContent=s.generation;
      document.getElementById('state').textContent=s.finished?'finished'+(s.stopReason?' ('+s.stopReason+')':''):'running';
      if(s.generation!==generation&&Date.now()-redrawn>5000){generation=s.generation;return redraw();}});}
    function redraw(){redrawn=Date.now();return fetch('/studies/'+encodeURIComponent(name)+'/panels')
      .then(function(r){return r.ok?r.text():null;}).then(function(html){if(html===null)return;
        document.getElementById('panels').innerHTML=html;
        var values=document.getElementById('values');after=Number(values.dataset.last);});}
    function table(){var box=document.getElementById('candidate-table');
      if(!box||!(changed||Date.now()-tabled>5000))return;changed=false;tabled=Date.now();
      return fetch('/studies/'+encodeURIComponent(name)+'/candidates'+box.dataset.query)
        .then(function(r){return r.ok?r.text():null;}).then(function(html){if(html!==null)box.innerHTML=html;});}
    function tick(){if(busy)return;busy=true;results().then(counts).then(table).catch(function(){})
      .finally(function(){busy=false;});}
    setInterval(tick,1000);
    """#
}
