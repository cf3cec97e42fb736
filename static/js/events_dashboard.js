// Events dashboard: ECharts charts fed by json_script data; a click on a bar or slice opens the
// list filtered to it (the drill-down, which exports to Excel). No inline script (CSP).
(function () {
  var el = document.getElementById("dashboard-data");
  if (!el || typeof echarts === "undefined") { return; }
  var data = JSON.parse(el.textContent);
  var grid = { left: 8, right: 16, top: 32, bottom: 8, containLabel: true };
  function chart(id, option) {
    var node = document.getElementById(id);
    if (!node) { return; }
    var c = echarts.init(node);
    c.setOption(option);
    c.on("click", function (p) { if (p.data && p.data.url) { window.location.href = p.data.url; } });
    window.addEventListener("resize", function () { c.resize(); });
  }
  var months = document.getElementById("chart-months");
  chart("chart-months", {
    tooltip: { trigger: "axis" }, grid: grid, legend: { top: 0 },
    xAxis: { type: "category", data: data.months.map(function (m) { return m.month; }) },
    yAxis: [{ type: "value" }, { type: "value" }],
    series: [
      { name: months.dataset.labelEvents, type: "bar", data: data.months.map(function (m) { return { value: m.events, url: m.url }; }) },
      { name: months.dataset.labelRegistered, type: "line", yAxisIndex: 1, data: data.months.map(function (m) { return { value: m.registered, url: m.reg_url }; }) },
      { name: months.dataset.labelAttended, type: "line", yAxisIndex: 1, data: data.months.map(function (m) { return { value: m.attended, url: m.reg_url + "&status=checked_in" }; }) }
    ]
  });
  chart("chart-kinds", {
    tooltip: { trigger: "item" }, legend: { type: "scroll", bottom: 0 },
    series: [{ type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"], data: data.kinds.map(function (k) { return { name: k.label, value: k.count, url: k.url }; }) }]
  });
  chart("chart-units", {
    tooltip: { trigger: "axis" }, grid: grid,
    xAxis: { type: "category", data: data.units.map(function (u) { return u.unit; }), axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: "value" },
    series: [{ type: "bar", data: data.units.map(function (u) { return { value: u.count, url: u.url }; }), itemStyle: { color: "#206bc4" } }]
  });
})();
