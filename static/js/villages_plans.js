// Plans dashboard: achievement per plan and honours per level; a click opens the plan or the
// honour list filtered to that level. Data from json_script (no inline script, CSP).
(function () {
  var el = document.getElementById("plans-data");
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
  chart("chart-plans", {
    tooltip: { trigger: "axis" }, grid: grid,
    xAxis: { type: "category", data: data.plans.map(function (r) { return r.name; }), axisLabel: { interval: 0, rotate: data.plans.length > 6 ? 30 : 0 } },
    yAxis: { type: "value" },
    series: [{ type: "bar", data: data.plans.map(function (r) { return { value: r.value, url: r.url }; }), itemStyle: { color: "#206bc4" } }]
  });
  chart("chart-levels", {
    tooltip: { trigger: "item" },
    series: [{ type: "pie", radius: ["40%", "70%"], data: data.levels.map(function (r) { return { name: r.name, value: r.value, url: r.url }; }) }]
  });
})();
