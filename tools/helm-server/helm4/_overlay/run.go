// Helm 4's half of the render server (see ../../_overlay/serve.go): one call
// of `helm <args>` as cmd/helm's main() makes it, inside the running process.

package main

import (
	"log/slog"
	"os"

	helmcmd "helm.sh/helm/v4/pkg/cmd"
	"helm.sh/helm/v4/pkg/kube"
)

func chartkitRun(args []string) int {
	kube.ManagedFieldsManager = "helm"
	cmd, err := helmcmd.ChartkitRootCmd(os.Stdout, args, helmcmd.SetupLogging)
	if err != nil {
		slog.Warn("command failed", slog.Any("error", err))
		return 1
	}
	cmd.SetArgs(args) // main() leaves cobra to read os.Args
	if err := cmd.Execute(); err != nil {
		if cerr, ok := err.(helmcmd.CommandError); ok {
			return cerr.ExitCode
		}
		return 1
	}
	return 0
}
