package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// newFlagSet is a command's flag set that speaks Chinese: --help and a
// mistake print the command's options in Chinese on env's stderr, and the
// flag package's own English line is kept back (flagMessage gives the
// Chinese for the error the command returns).
func newFlagSet(name string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() { printOptions(env.Stderr, fs) }
	return fs
}

func printOptions(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "用法：deputydesk %s [选项]\n", fs.Name())
	n := 0
	fs.VisitAll(func(f *flag.Flag) {
		if n == 0 {
			fmt.Fprintln(w, "选项：")
		}
		n++
		arg := " 值"
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			arg = ""
		}
		fmt.Fprintf(w, "  --%s%s\n      %s", f.Name, arg, f.Usage)
		if d := f.DefValue; d != "" && d != "false" && d != "0" {
			fmt.Fprintf(w, "（默认：%s）", d)
		}
		fmt.Fprintln(w)
	})
	if n == 0 {
		fmt.Fprintln(w, "这个命令没有选项。")
	}
}

// flagMessage puts the flag package's errors into Chinese; other text is
// returned as it is.
func flagMessage(msg string) string {
	for _, t := range []struct{ prefix, chinese string }{
		{"flag provided but not defined: ", "没有这个选项："},
		{"flag needs an argument: ", "这个选项后面要写一个值："},
		{"bad flag syntax: ", "选项写法不对："},
	} {
		if rest, ok := strings.CutPrefix(msg, t.prefix); ok {
			return t.chinese + rest
		}
	}
	// invalid value "x" for flag -month: parse error
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		if v, opt, ok := strings.Cut(rest, " for flag "); ok {
			opt, _, _ = strings.Cut(opt, ":")
			return "选项 " + opt + " 的值 " + v + " 不对"
		}
	}
	if rest, ok := strings.CutPrefix(msg, "invalid boolean value "); ok {
		if v, opt, ok := strings.Cut(rest, " for "); ok {
			opt, _, _ = strings.Cut(opt, ":")
			return "选项 " + opt + " 只能写 true 或 false，不能写 " + v
		}
	}
	return msg
}

// helpAsked reports a --help: the options are printed already, so the
// command ends there without an error.
func helpAsked(err error) bool {
	var ue *UsageError
	return errors.Is(err, flag.ErrHelp) || errors.As(err, &ue) && ue.Msg == flag.ErrHelp.Error()
}
