// Package guide prints the one-page 使用说明 that ships in the packages, so
// a secretary installing from a zip file has the essentials on paper.
package guide

import (
	"io"
	"time"

	"deputydesk/app/pdfdoc"
)

// sections are the guide's headings and paragraphs, in reading order.
var sections = []struct{ head, body string }{
	{"一、这是什么", "“人大代表工作台”是乡镇人大主席团的日常工作软件：管理代表名册、代表小组和联络站（站、家、点、窗、岗），排值班表，登记接待和群众反映事项并跟踪办理到回访，记录履职活动，做年度履职考核，打印公示牌和各类表格，导出月度台账，向县人大上报。不需要网络。"},
	{"二、安装和打开", "支持 Windows 10、11（64位）与统信UOS、麒麟、Debian、Ubuntu（x86 或 ARM64，glibc 2.28 起）；不支持 Windows 7、8。Windows：解压后双击 deputydesk.exe。Linux：安装 deputydesk_…_amd64.deb（ARM 电脑用 _arm64.deb），从开始菜单“办公”打开；无管理员权限时解压 tar.gz 并运行 ./install-menu.sh。第一次打开时填写本乡镇的名称、行政区划代码、届次和人大秘书（以后可在“设置”中改）。想先看效果：运行 deputydesk --db 示例.db demo，再用 deputydesk --db 示例.db 打开。"},
	{"三、数据存在哪里", "数据保存在一个文件里：Windows 为 %AppData%\\deputydesk\\deputydesk.db，Linux 为 ~/.local/share/deputydesk/deputydesk.db。放在U盘上使用时，用 deputydesk.exe --db 数据.db 打开U盘上的数据文件即可。"},
	{"四、日常工作", "左侧导航就是全部功能：首页看本月概况和逾期事项；代表名册可导入县里下发的Excel名册、设置照片、打印代表信息公示牌；值班表按接待日规则自动轮排，节假日自动顺延或跳过；接待记录登记每一次接待和每一件群众反映事项，办理、反馈、回访一步步记下，逾期的会标红；履职活动与年度考核自动汇总积分、打印反馈通知书和履职档案；报表与上报导出月度台账并送县人大。"},
	{"五、不丢数据", "程序每天自动备份一次，升级和恢复之前也各备份一次，保留最近7天、4周和12个月。建议每月在“备份与恢复”中用“备份到…”存一份到U盘。误删的代表、小组、站点、值班、接待和事项在“回收站”里可以连同关联一起恢复；每一次修改都记在“操作日志”里。每次保存完成时，数据已经写到磁盘上，所以停电、死机或程序被强行关闭后，已经保存的数据不会丢失，也不会损坏；停电那一刻正在保存的那一次修改可能没有保存，需要重新录入。磁盘写满或U盘写保护时，程序会说明原因，不会把好的数据文件当作损坏。"},
	{"六、上报县人大", "电脑联网时，程序在后台把待上报的台账送到县人大，断网会自动重试，不会重复上报；没有网络时，在“报表与上报”中选择“导出上报包”存到U盘，交县人大导入。第一次上报前，先导出“登记申请”文件交县人大登记本乡镇。"},
	{"七、遇到问题", "输入有误时，程序会在出错的栏目旁用红字说明原因，改正后再保存即可；导入Excel时会列出每一行的问题，全部改好才会导入。打印的表格和公示牌都是 PDF 文件，用任意 PDF 阅读器打开即可打印。显卡驱动或云桌面不支持 OpenGL 时，Linux 版会自动改用软件渲染打开窗口（画面较慢；Windows 版同样会改用随程序附带的“软件渲染”文件夹，复制程序时请连同该文件夹一起复制）；仍打不开时会说明原因和办法。"},
}

// Write renders the guide, dated date, to w.
func Write(w io.Writer, date time.Time) error {
	d, err := pdfdoc.New(pdfdoc.Options{Title: "人大代表工作台 使用说明", Date: date, Unit: "人大代表工作台"})
	if err != nil {
		return err
	}
	d.AddPage()
	y := d.Title("人大代表工作台 使用说明", d.Opts.Margin+4, 22) + 7
	width := d.ContentWidth()
	for _, s := range sections {
		d.SetFont(13.5, true)
		d.SetXY(d.Opts.Margin, y)
		d.CellFormat(width, 8, s.head, "", 0, "L", false, 0, "")
		y += 9
		d.SetFont(11.5, false)
		y = d.Lines(d.Wrap(s.body, width), d.Opts.Margin, y, width, 6.2) + 4.5
	}
	return d.Write(w)
}
