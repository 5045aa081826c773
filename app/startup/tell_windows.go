package startup

import (
	"fmt"
	"io"
	"os"

	"golang.org/x/sys/windows"
)

func noGLCause() string {
	switch {
	case os.Getenv(software) != "":
		return "（已经试过用随程序附带的软件渲染代替显卡，也没有成功。）"
	case !softwareGLShipped():
		return "（常见于显卡驱动未安装或过旧，以及云桌面、远程桌面。程序旁边缺少“" + softwareDir +
			"”文件夹，所以也无法改用软件渲染：请把下载的压缩包完整解压后再打开。）"
	}
	return "（常见于显卡驱动未安装或过旧，以及云桌面、远程桌面。）"
}

const noGLAdvice = "1. 安装或更新显卡驱动（在“设备管理器 → 显示适配器”中查看，或请单位信息管理员帮助）；\n" +
	"2. 如在远程桌面或云桌面中使用，请改在本机上打开，或请管理员为虚拟机开启 3D 加速；\n" +
	"3. 安装 Windows 更新后再试。"

// tell shows msg in a Windows message box (the GUI program has no console)
// and writes it to stderr for a start from the command prompt. Windows
// draws Chinese everywhere, so the pinyin is not needed.
func tell(stderr io.Writer, title, msg, _ string) {
	fmt.Fprintln(stderr, title+"\n"+msg)
	t, err1 := windows.UTF16PtrFromString(title)
	m, err2 := windows.UTF16PtrFromString(msg)
	if err1 != nil || err2 != nil {
		return
	}
	windows.MessageBox(0, m, t, windows.MB_OK|windows.MB_ICONERROR|windows.MB_SETFOREGROUND|windows.MB_TOPMOST)
}
