// The hub's front page until the dashboard arrives: what this server is and where its API lives.
export function rootPage(): string {
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>远教县级管理平台</title>
<style>body{font-family:"Noto Sans SC","Microsoft YaHei",sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222;line-height:1.6}h1{color:#b71c1c}code{background:#f4f4f4;padding:0 .3em}</style></head>
<body>
<h1>远教县级管理平台</h1>
<p>县级管理平台正在运行。管理界面即将上线。</p>
<p lang="en">The Yuanjiao county hub is running. The dashboard is coming.</p>
<p>站点上报 / station reports: <code>POST /api/v1/reports</code> · 管理接口 / staff API: <code>/api/county/*</code></p>
</body>
</html>
`;
}
