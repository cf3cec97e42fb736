// Service dashboard: ECharts charts fed by json_script data; a click on any bar or slice opens
// the request list filtered to it (the drill-down). No inline script (CSP).
(function () {
  var el = document.getElementById("dashboard-data");
  if (!el || typeof echarts === "undefined") { return; }
  var data = JSON.parse(el.textContent);
  var grid = { left: 8, right: 16, top: 24, bottom: 8, containLabel: true };
  function chart(id, option) {
    var node = document.getElementById(id);
    if (!node) { return; }
    var c = echarts.init(node);
    c.setOption(option);
    c.on("click", function (p) { if (p.data && p.data.url) { window.location.href = p.data.url; } });
    window.addEventListener("resize", function () { c.resize(); });
  }
  chart("chart-category", {
    tooltip: { trigger: "axis" }, grid: grid,
    xAxis: { type: "category", data: data.categories.map(function (c) { return c.label; }), axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: "value" },
    series: [{ type: "bar", data: data.categories.map(function (c) { return { value: c.count, url: c.url }; }), itemStyle: { color: "#206bc4" } }]
  });
  chart("chart-status", {
    tooltip: { trigger: "item" }, legend: { type: "scroll", bottom: 0 },
    series: [{ type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"], data: data.statuses.map(function (s) { return { name: s.label, value: s.count, url: s.url }; }) }]
  });
  var months = document.getElementById("chart-months");
  chart("chart-months", {
    tooltip: { trigger: "axis" }, grid: grid, legend: { top: 0 },
    xAxis: { type: "category", data: data.months.map(function (m) { return m.month; }) },
    yAxis: { type: "value" },
    series: [
      { name: months.dataset.labelCount, type: "line", data: data.months.map(function (m) { return m.count; }) },
      { name: months.dataset.labelResolved, type: "line", data: data.months.map(function (m) { return m.resolved; }) }
    ]
  });
  chart("chart-coverage", {
    tooltip: { trigger: "axis", formatter: "{b}: {c}%" }, grid: grid,
    xAxis: { type: "category", data: data.coverage.map(function (z) { return z.zone; }), axisLabel: { interval: 0 } },
    yAxis: { type: "value", max: 100 },
    series: [{ type: "bar", data: data.coverage.map(function (z) { return { value: z.rate, url: z.url }; }), itemStyle: { color: "#2fb344" } }]
  });
  if (data.coverage_focus) {
    var grids = data.coverage_focus.grids;
    chart("chart-coverage-grids", {
      tooltip: { trigger: "axis", formatter: "{b}: {c}%" }, grid: grid,
      xAxis: { type: "category", data: grids.map(function (g) { return g.grid; }), axisLabel: { interval: 0, rotate: grids.length > 6 ? 30 : 0 } },
      yAxis: { type: "value", max: 100 },
      series: [{ type: "bar", data: grids.map(function (g) { return { value: g.rate, url: g.url }; }), itemStyle: { color: "#4299e1" } }]
    });
  }
})();
