package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// adminPassword is the password of the first admin of every database the
// bench creates (XEPHANG_ADMIN_PASSWORD).
const adminPassword = "bench-admin-password"

// buildServer compiles the xephang binary of the module at root into dir,
// as `make build` would, so every figure is the real binary's.
func buildServer(ctx context.Context, root, dir string) (string, error) {
	bin := filepath.Join(dir, "xephang")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", bin, ".")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %w\n%s", err, out)
	}
	return bin, nil
}

// proc is a server process started by the bench: the xephang binary or the
// no-op floor.
type proc struct {
	cmd     *exec.Cmd
	addr    string // host:port
	url     string // http://host:port
	logPath string
	exited  chan struct{}
	// ready is the time from exec to the first 200 on /healthz.
	ready time.Duration
}

// startServer execs the xephang binary bin on database data, listening on
// addr, with the kiosk open at all hours and no per-address issue limit
// (all the load comes from one address), and waits for /healthz.
func startServer(ctx context.Context, bin, data, addr, logPath string) (*proc, error) {
	args := []string{"--addr", addr, "--data", data, "--schedule", "always", "--issue-limit", "0", "--ws-per-addr", "0",
		"--base-url", "http://" + addr}
	return startProc(ctx, bin, args, addr, logPath)
}

// startProc execs bin with args and waits until http://addr/healthz
// answers 200, polling every 2 ms.
func startProc(ctx context.Context, bin string, args []string, addr, logPath string) (*proc, error) {
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "XEPHANG_ADMIN_PASSWORD="+adminPassword)
	cmd.Stdout, cmd.Stderr = logf, logf
	p := &proc{cmd: cmd, addr: addr, url: "http://" + addr, logPath: logPath, exited: make(chan struct{})}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, err
	}
	go func() {
		cmd.Wait()
		logf.Close()
		close(p.exited)
	}()
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: time.Second}
	deadline := time.Now().Add(10 * time.Second)
	for {
		res, err := client.Get(p.url + "/healthz")
		if err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				p.ready = time.Since(start)
				return p, nil
			}
		}
		select {
		case <-p.exited:
			return nil, fmt.Errorf("%s exited before it answered /healthz:\n%s", filepath.Base(bin), tail(logPath, 2000))
		case <-ctx.Done():
			p.stop()
			return nil, ctx.Err()
		case <-time.After(2 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			p.stop()
			return nil, fmt.Errorf("%s did not answer /healthz within 10 s:\n%s", filepath.Base(bin), tail(logPath, 2000))
		}
	}
}

// stop ends the process gracefully (SIGTERM), and kills it after 10 s.
func (p *proc) stop() error {
	select {
	case <-p.exited:
		return nil
	default:
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
		return nil
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
		<-p.exited
		return fmt.Errorf("%s did not stop within 10 s of SIGTERM", p.addr)
	}
}

// rss is the resident set of the process now (VmRSS), in bytes.
func (p *proc) rss() (int64, error) { return vmRSS(p.cmd.Process.Pid) }

// vmRSS reads VmRSS of process pid from /proc.
func vmRSS(pid int) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	return parseVmRSS(data)
}

// parseVmRSS finds the VmRSS line of a /proc/<pid>/status file.
func parseVmRSS(status []byte) (int64, error) {
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 3 && f[0] == "VmRSS:" && f[2] == "kB" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no VmRSS line")
}

// tail returns the last n bytes of the file at path, for error messages.
func tail(path string, n int) string {
	data, _ := os.ReadFile(path)
	if len(data) > n {
		data = data[len(data)-n:]
	}
	return string(data)
}

// raiseFileLimit raises the soft open-files limit to the hard one: holding
// thousands of connections needs it.
func raiseFileLimit() error {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		return err
	}
	if l.Cur < l.Max {
		l.Cur = l.Max
		return syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l)
	}
	return nil
}
