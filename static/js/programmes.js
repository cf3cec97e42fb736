// Programmes: the leader's page (stacked bars of targets by status, a click opens the programme)
// and a target's trend (value, expected line, target, projection). Data from json_script (CSP).
(function () {
  if (typeof echarts === "undefined") { return; }
  function init(id) {
    var node = document.getElementById(id);
    if (!node) { return null; }
    var c = echarts.init(node);
    window.addEventListener("resize", function () { c.resize(); });
    return c;
  }
  var cockpit = document.getElementById("cockpit-data");
  if (cockpit) {
    var d = JSON.parse(cockpit.textContent);
    var c = init("chart-cockpit");
    if (c) {
      c.setOption({
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        legend: { top: 0 },
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", inverse: true, data: d.programmes },
        series: d.series.map(function (s) {
          return { name: s.name, type: "bar", stack: "all", itemStyle: { color: s.colour }, data: s.data };
        })
      });
      c.on("click", function (p) { if (d.urls[p.dataIndex]) { window.location.href = d.urls[p.dataIndex]; } });
    }
  }
  var trend = document.getElementById("trend-data");
  if (trend) {
    var t = JSON.parse(trend.textContent);
    var ct = init("chart-trend");
    if (ct) {
      var months = t.months.slice();
      var projection = months.map(function () { return null; });
      if (t.projected !== null && months.length) {
        projection[months.length - 1] = t.values[t.values.length - 1];
        if (months[months.length - 1] !== t.deadline) { months.push(t.deadline); projection.push(t.projected); }
      }
      ct.setOption({
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: months },
        yAxis: { type: "value", scale: true },
        series: [
          { name: t.labels.value, type: "line", data: t.values, itemStyle: { color: "#206bc4" } },
          { name: t.labels.expected, type: "line", data: t.expected, lineStyle: { type: "dashed" }, itemStyle: { color: "#9aa0ac" } },
          { name: t.labels.projected, type: "line", data: projection, connectNulls: true, lineStyle: { type: "dotted" }, itemStyle: { color: "#f59f00" } },
          { name: t.labels.target, type: "line", data: months.map(function () { return t.target; }), symbol: "none", lineStyle: { color: "#2fb344" }, itemStyle: { color: "#2fb344" } }
        ]
      });
    }
  }
})();
