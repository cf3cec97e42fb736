// Small trend charts of an enterprise's yearly figures (data from the json_script element).
(function () {
  var el = document.getElementById("figures-data");
  if (!el || !window.echarts) { return; }
  var d = JSON.parse(el.textContent);
  var L = d.labels;
  function draw(node, series, unit) {
    var chart = window.echarts.init(node);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 50, right: 10, top: 30, bottom: 25 },
      xAxis: { type: "category", data: d.years },
      yAxis: { type: "value", name: unit },
      series: series
    });
    window.addEventListener("resize", function () { chart.resize(); });
    document.addEventListener("shown.bs.tab", function () { chart.resize(); });
  }
  document.querySelectorAll("[data-chart]").forEach(function (node) {
    if (node.getAttribute("data-chart") === "money") {
      draw(node, [
        { name: L.revenue, type: "line", data: d.revenue },
        { name: L.rd_expense, type: "bar", data: d.rd_expense },
        { name: L.tax_paid, type: "bar", data: d.tax_paid }
      ], L.money);
    } else {
      draw(node, [{ name: L.employees, type: "bar", data: d.employees }], L.people);
    }
  });
})();
