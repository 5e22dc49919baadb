#!/usr/bin/env bash
# Installs Yuanjiao as services on a Debian terminal: users, data directory, systemd units. Idempotent.
#
#   sudo scripts/os/install.sh [--app-dir DIR] [--no-kiosk] [--now] [--dry-run]
#
# Run it from an installed copy of the application (npm install done, e.g. in /opt/yuanjiao). Running it
# again changes only what differs, so it is also the way to apply an update (after `git pull`/`npm install`).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
APP_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"
KIOSK=1
NOW=0
DRY=0

AGENT_USER=yuanjiao
KIOSK_USER=kiosk
DATA_DIR=/var/lib/yuanjiao
KIOSK_HOME=/var/lib/yuanjiao-kiosk
BIN_LINK=/usr/local/bin/yuanjiao
UNIT_DIR=/etc/systemd/system
CHROMIUM_POLICY=/etc/chromium/policies/managed/yuanjiao-kiosk.json
USB_RULE=/etc/udev/rules.d/99-yuanjiao-usb-mount.rules

usage() {
  sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
  cat <<'EOF'

Options:
  --app-dir DIR  the application to run (default: the checkout this script is in)
  --no-kiosk     install only the agent (the screen is opened some other way, e.g. a desktop session)
  --now          also start (or restart) the services now
  --dry-run      print what would be done, change nothing (needs no root)
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --app-dir) APP_DIR="$(cd "${2:?--app-dir needs a directory}" && pwd)"; shift 2 ;;
    --no-kiosk) KIOSK=0; shift ;;
    --now) NOW=1; shift ;;
    --dry-run) DRY=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "未知选项 / unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done

say() { printf '%s\n' "$*"; }
step() { printf '→ %s\n' "$*"; }
warn() { printf '！%s\n' "$*" >&2; }
# Runs a command, or only shows it in a dry run.
run() {
  if [ "$DRY" = 1 ]; then printf '    (演练 / dry run) %s\n' "$*"; else "$@"; fi
}

if [ "$DRY" = 0 ] && [ "$(id -u)" -ne 0 ]; then
  say "安装服务需要 root 权限，请这样运行 / installing services needs root, please run:"
  say "  sudo $0 $*"
  say "（只想看看会做什么？加 --dry-run / to see what it would do, add --dry-run）"
  exit 1
fi

say "远教站点服务安装 / Yuanjiao service install"
say "  应用 / application: $APP_DIR"
if [ "$DRY" = 1 ]; then say "  演练：不做任何更改 / dry run: nothing is changed"; fi

# --- Checks: refuse early and clearly rather than install services that cannot start. ----------------
[ -f "$APP_DIR/bin/yuanjiao.js" ] || { warn "找不到 $APP_DIR/bin/yuanjiao.js：--app-dir 应指向远教应用目录 / not a Yuanjiao application directory"; exit 1; }
[ -d "$APP_DIR/node_modules" ] || { warn "$APP_DIR 中尚未 npm install / run npm install in $APP_DIR first"; exit 1; }
if ! command -v node >/dev/null 2>&1; then
  warn "未找到 node（需要 Node 20 或更高）/ node not found (Node >= 20 is needed)"; exit 1
fi
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
[ "$NODE_MAJOR" -ge 20 ] || { warn "Node 版本过低：$(node -v)，需要 20 或更高 / Node $(node -v) is too old, 20+ is needed"; exit 1; }
case "$APP_DIR" in
  /root/*|/root) warn "应用位于 /root 下，服务用户无法读取；请放到 /opt/yuanjiao / the service users cannot read /root: install to /opt/yuanjiao"; exit 1 ;;
esac
if [ "$KIOSK" = 1 ]; then
  command -v cage >/dev/null 2>&1 || warn "未安装 cage：apt-get install cage / cage is not installed (the kiosk service needs it)"
  if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 && [ ! -d "$APP_DIR/node_modules/electron" ]; then
    warn "未安装 Chromium 或 Electron：apt-get install chromium / neither Chromium nor Electron is installed"
  fi
  if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ]; then
    warn "系统缺少中文字体（等待页等本地页面需要）：apt-get install fonts-noto-cjk / no Chinese font for the shell's local pages"
  fi
fi

# --- Users ---------------------------------------------------------------------------------------------
if getent passwd "$AGENT_USER" >/dev/null; then
  step "用户 $AGENT_USER 已存在 / user $AGENT_USER exists"
else
  step "创建系统用户 $AGENT_USER（运行站点代理）/ creating system user $AGENT_USER for the agent"
  run useradd --system --user-group --home-dir "$DATA_DIR" --no-create-home --shell /usr/sbin/nologin --comment "Yuanjiao station agent" "$AGENT_USER"
fi

if [ "$KIOSK" = 1 ]; then
  if getent passwd "$KIOSK_USER" >/dev/null; then
    step "用户 $KIOSK_USER 已存在 / user $KIOSK_USER exists"
  else
    step "创建系统用户 $KIOSK_USER（运行屏幕，无密码、不能登录）/ creating system user $KIOSK_USER for the screen (no password, no login)"
    run useradd --system --user-group --home-dir "$KIOSK_HOME" --create-home --shell /usr/sbin/nologin --comment "Yuanjiao kiosk screen" "$KIOSK_USER"
  fi
  # Sound through the TV and, on systems without logind seat ACLs, the display and input devices.
  for group in video render audio input; do
    if getent group "$group" >/dev/null && ! id -nG "$KIOSK_USER" 2>/dev/null | tr ' ' '\n' | grep -qx "$group"; then
      step "把 $KIOSK_USER 加入 $group 组 / adding $KIOSK_USER to group $group"
      run usermod -a -G "$group" "$KIOSK_USER"
    fi
  done
fi

# --- Data directory ------------------------------------------------------------------------------------
step "数据目录 $DATA_DIR（属于 $AGENT_USER，权限 0750）/ data directory owned by $AGENT_USER, mode 0750"
run install -d -o "$AGENT_USER" -g "$AGENT_USER" -m 0750 "$DATA_DIR"
# A directory left by an earlier run as root would keep the agent from writing its database.
if [ -d "$DATA_DIR" ] && [ -n "$(find "$DATA_DIR" ! -user "$AGENT_USER" -print -quit 2>/dev/null)" ]; then
  step "修正 $DATA_DIR 中文件的属主 / giving the files in $DATA_DIR to $AGENT_USER"
  run chown -R "$AGENT_USER:$AGENT_USER" "$DATA_DIR"
fi

# --- The application -----------------------------------------------------------------------------------
if [ "$DRY" = 0 ] && command -v runuser >/dev/null 2>&1 && getent passwd nobody >/dev/null \
  && ! runuser -u nobody -- test -r "$APP_DIR/bin/yuanjiao.js" 2>/dev/null; then
  warn "其他用户无法读取 $APP_DIR（服务用户需要读取）：chmod -R a+rX $APP_DIR / the service users cannot read the application"
  exit 1
fi
step "命令 $BIN_LINK → $APP_DIR/bin/yuanjiao.js / linking the command"
[ -x "$APP_DIR/bin/yuanjiao.js" ] || run chmod 0755 "$APP_DIR/bin/yuanjiao.js"
run ln -sfn "$APP_DIR/bin/yuanjiao.js" "$BIN_LINK"
# The agent runs with a read-only file system outside its data directory: bundle the screen's UI now.
step "构建屏幕界面 / building the kiosk UI (npm run build)"
run sh -c "cd '$APP_DIR' && npm run --silent build"

# --- Units -----------------------------------------------------------------------------------------------
install_file() { # source destination mode
  if [ -f "$2" ] && cmp -s "$1" "$2"; then
    step "$2 未变 / unchanged"
  else
    step "安装 $2 / installing $2"
    run install -D -m "$3" "$1" "$2"
  fi
}
install_file "$SCRIPT_DIR/yuanjiao-agent.service" "$UNIT_DIR/yuanjiao-agent.service" 0644
if [ "$KIOSK" = 1 ]; then
  install_file "$SCRIPT_DIR/yuanjiao-kiosk.service" "$UNIT_DIR/yuanjiao-kiosk.service" 0644
  # Chromium (the fallback when Electron is absent) cannot lock itself down from the command line;
  # managed policy turns off DevTools, downloads, sign-in and file:// pages for every Chromium here.
  install_file "$SCRIPT_DIR/chromium-policy.json" "$CHROMIUM_POLICY" 0644
  # A cage session has no desktop automounter: without this rule a USB stick is never mounted and the
  # library's USB import sees nothing. The rule needs the agent's numeric ids (FAT has no owners).
  if [ "$DRY" = 1 ] && ! getent passwd "$AGENT_USER" >/dev/null; then AGENT_UID=UID; AGENT_GID=GID; else
    AGENT_UID="$(id -u "$AGENT_USER")"; AGENT_GID="$(id -g "$AGENT_USER")"; fi
  USB_RULE_SRC="$(mktemp)"
  trap 'rm -f "$USB_RULE_SRC"' EXIT
  sed -e "s/@AGENT_UID@/$AGENT_UID/g" -e "s/@AGENT_GID@/$AGENT_GID/g" "$SCRIPT_DIR/99-yuanjiao-usb-mount.rules" >"$USB_RULE_SRC"
  install_file "$USB_RULE_SRC" "$USB_RULE" 0644
  step "U 盘插入后只读挂载到 /media/yuanjiao / USB sticks mount read-only under /media/yuanjiao"
  run udevadm control --reload
fi

step "重新载入 systemd / systemctl daemon-reload"
run systemctl daemon-reload
step "开机启动站点代理 / enabling yuanjiao-agent.service"
run systemctl enable yuanjiao-agent.service
if [ "$KIOSK" = 1 ]; then
  step "开机在 tty1 打开屏幕 / enabling yuanjiao-kiosk.service"
  run systemctl enable yuanjiao-kiosk.service
fi

if [ "$NOW" = 1 ]; then
  step "现在（重新）启动服务 / (re)starting the services now"
  run systemctl restart yuanjiao-agent.service
  if [ "$KIOSK" = 1 ]; then run systemctl restart yuanjiao-kiosk.service; fi
fi

say ""
say "完成 / done."
say "  状态 / status:   systemctl status yuanjiao-agent yuanjiao-kiosk"
say "  日志 / logs:     journalctl -u yuanjiao-agent -u yuanjiao-kiosk -f"
say "  命令行 / CLI:    sudo -u $AGENT_USER YUANJIAO_DATA=$DATA_DIR yuanjiao report month $(date +%Y-%m)"
if [ "$NOW" = 0 ]; then say "  启动 / start:    systemctl start yuanjiao-agent yuanjiao-kiosk   （或重启电脑 / or reboot）"; fi
