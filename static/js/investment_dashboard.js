// Investment dashboard: ECharts charts fed by json_script data; a click on a stage, bar or team
// opens the project list filtered to it (the drill-down). No inline script (CSP).
(function () {
  var el = document.getElementById("investment-data");
  if (!el || typeof echarts === "undefined") { return; }
  var data = JSON.parse(el.textContent);
  var grid = { left: 8, right: 16, top: 28, bottom: 8, containLabel: true };
  function chart(id, option) {
    var node = document.getElementById(id);
    if (!node) { return; }
    var c = echarts.init(node);
    c.setOption(option);
    c.on("click", function (p) { if (p.data && p.data.url) { window.location.href = p.data.url; } });
    window.addEventListener("resize", function () { c.resize(); });
  }
  var pipeline = data.stages.filter(function (s) { return s.reached !== null; });
  chart("chart-funnel", {
    tooltip: { trigger: "item", formatter: "{b}: {c}" },
    series: [{
      type: "funnel", sort: "none", left: "10%", width: "80%", minSize: "8%",
      label: { position: "inside", formatter: "{b} {c}" },
      data: pipeline.map(function (s) { return { name: s.label, value: s.reached, url: s.url }; })
    }]
  });
  chart("chart-amounts", {
    tooltip: { trigger: "axis" }, grid: grid,
    xAxis: { type: "category", data: data.stages.map(function (s) { return s.label; }), axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: "value" },
    series: [{ type: "bar", data: data.stages.map(function (s) { return { value: s.amount, url: s.url }; }), itemStyle: { color: "#206bc4" } }]
  });
  var teams = document.getElementById("chart-teams");
  chart("chart-teams", {
    tooltip: { trigger: "axis" }, grid: grid, legend: { top: 0 },
    xAxis: { type: "category", data: data.teams.map(function (t) { return t.name; }), axisLabel: { interval: 0 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: teams ? teams.dataset.labelLanded : "", type: "bar", data: data.teams.map(function (t) { return { value: t.landed, url: t.url }; }), itemStyle: { color: "#2fb344" } },
      { name: teams ? teams.dataset.labelTarget : "", type: "bar", data: data.teams.map(function (t) { return t.target; }), itemStyle: { color: "#cdd3d8" } }
    ]
  });
})();
