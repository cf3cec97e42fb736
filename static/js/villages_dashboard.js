// Village figures dashboard: a monthly line and a bar per street or village; a click on a bar
// drills down to that unit. Data from json_script (no inline script, CSP).
(function () {
  var el = document.getElementById("villages-data");
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
  chart("chart-series", {
    tooltip: { trigger: "axis" }, grid: grid,
    xAxis: { type: "category", data: data.series.map(function (s) { return s.period; }) },
    yAxis: { type: "value" },
    series: [{ type: "line", data: data.series.map(function (s) { return s.value; }), itemStyle: { color: "#206bc4" } }]
  });
  chart("chart-units", {
    tooltip: { trigger: "axis" }, grid: grid,
    xAxis: { type: "category", data: data.rows.map(function (r) { return r.name; }), axisLabel: { interval: 0, rotate: data.rows.length > 6 ? 30 : 0 } },
    yAxis: { type: "value" },
    series: [{ type: "bar", data: data.rows.map(function (r) { return { value: r.value, url: r.url }; }), itemStyle: { color: "#2fb344" } }]
  });
})();
