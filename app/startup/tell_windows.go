package startup

import (
	"fmt"
	"io"

	"golang.org/x/sys/windows"

	"deputydesk/app/instance"
)

const noGLCause = "（常见于显卡驱动未安装或过旧，以及云桌面、远程桌面。）"

const noGLAdvice = "1. 安装或更新显卡驱动（在“设备管理器 → 显示适配器”中查看，或请单位信息管理员帮助）；\n" +
	"2. 如在远程桌面或云桌面中使用，请改在本机上打开，或请管理员为虚拟机开启 3D 加速；\n" +
	"3. 安装 Windows 更新后再试。"

// retrySoftware has nothing to retry with on Windows: no software OpenGL
// ships with the program.
func retrySoftware(*instance.Lock) {}

// tell shows msg in a Windows message box (the GUI program has no console)
// and writes it to stderr for a start from the command prompt.
func tell(stderr io.Writer, title, msg string) {
	fmt.Fprintln(stderr, title+"\n"+msg)
	t, err1 := windows.UTF16PtrFromString(title)
	m, err2 := windows.UTF16PtrFromString(msg)
	if err1 != nil || err2 != nil {
		return
	}
	windows.MessageBox(0, m, t, windows.MB_OK|windows.MB_ICONERROR|windows.MB_SETFOREGROUND|windows.MB_TOPMOST)
}
