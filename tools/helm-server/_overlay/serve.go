// The render server's loop, added to a copy of helm's own `cmd/helm` package
// (v3 and v4 alike) by chartkit.rendering.helm_server.build.
// With CHARTKIT_HELM_SERVE=1 in its environment the binary reads one JSON
// request per line on stdin, {"args": [...]}, runs those arguments through
// helm's own root command exactly as `helm <args>` would (chartkitRun, one
// per helm version), and answers one JSON line, {"stdout", "stderr", "code"},
// having pointed file descriptors 1 and 2 at files for the call, so that
// everything the command writes is answered, as a process would have shown it.
// Without that variable the binary is helm itself.

package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	gcdebug "runtime/debug"
	"syscall"
)

type chartkitRequest struct {
	Args []string `json:"args"`
}

type chartkitAnswer struct {
	Stdout  string `json:"stdout"`
	Stderr  string `json:"stderr"`
	Code    int    `json:"code"`
	Crashed string `json:"crashed,omitempty"`
}

func init() {
	if os.Getenv("CHARTKIT_HELM_SERVE") != "1" {
		return
	}
	os.Exit(chartkitServe())
}

func chartkitServe() int {
	gcdebug.SetGCPercent(400) // a long-lived process that renders small charts: collect less often
	answers, err := syscall.Dup(1)
	if err != nil {
		return 3
	}
	stderr, err := syscall.Dup(2)
	if err != nil {
		return 3
	}
	out := json.NewEncoder(os.NewFile(uintptr(answers), "answers"))
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 256<<20)
	for in.Scan() {
		var req chartkitRequest
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			return 2
		}
		answer := chartkitCall(req.Args)
		if err := syscall.Dup3(stderr, 2, 0); err != nil {
			return 3
		}
		if err := out.Encode(answer); err != nil {
			return 3
		}
	}
	return 0
}

// chartkitCall runs one command with fds 1 and 2 on temporary files and reads them back.
func chartkitCall(args []string) (answer chartkitAnswer) {
	files := [2]*os.File{}
	for i := range files {
		f, err := os.CreateTemp("", "chartkit-helm-")
		if err != nil {
			return chartkitAnswer{Crashed: err.Error()}
		}
		os.Remove(f.Name())
		defer f.Close()
		if err := syscall.Dup3(int(f.Fd()), i+1, 0); err != nil {
			return chartkitAnswer{Crashed: err.Error()}
		}
		files[i] = f
	}
	defer func() {
		if r := recover(); r != nil {
			answer = chartkitAnswer{Crashed: fmt.Sprint(r)}
		}
	}()
	answer.Code = chartkitRun(args)
	for i, text := range []*string{&answer.Stdout, &answer.Stderr} {
		if _, err := files[i].Seek(0, io.SeekStart); err != nil { // the offset fd 1 or 2 wrote to
			return chartkitAnswer{Crashed: err.Error()}
		}
		data, err := io.ReadAll(files[i])
		if err != nil {
			return chartkitAnswer{Crashed: err.Error()}
		}
		*text = string(data)
	}
	return answer
}
