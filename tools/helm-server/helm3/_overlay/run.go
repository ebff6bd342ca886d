// Helm 3's half of the render server (see ../../_overlay/serve.go): one call
// of `helm <args>` as cmd/helm's main() makes it, with a fresh configuration,
// fresh settings and the same exit codes, inside the running process.

package main

import (
	"os"

	"github.com/spf13/cobra"

	"helm.sh/helm/v3/pkg/action"
	"helm.sh/helm/v3/pkg/cli"
	"helm.sh/helm/v3/pkg/kube"
)

// The configuration of the call in progress: main() registers one
// initializer per process, and so does the server, for every call.
var chartkitConfig *action.Configuration

func init() {
	if os.Getenv("CHARTKIT_HELM_SERVE") != "1" {
		return
	}
	kube.ManagedFieldsManager = "helm"
	cobra.OnInitialize(func() {
		helmDriver := os.Getenv("HELM_DRIVER")
		if err := chartkitConfig.Init(settings.RESTClientGetter(), settings.Namespace(), helmDriver, debug); err != nil {
			panic(err) // main() exits here (log.Fatal); the server answers that it crashed
		}
		if helmDriver == "memory" {
			loadReleasesInMemory(chartkitConfig)
		}
		chartkitConfig.SetHookOutputFunc(hookOutputWriter)
	})
}

func chartkitRun(args []string) int {
	settings = cli.New() // flags take their defaults from the settings: none carries over
	chartkitConfig = new(action.Configuration)
	cmd, err := newRootCmd(chartkitConfig, os.Stdout, args)
	if err != nil {
		warning("%+v", err)
		return 1
	}
	cmd.SetArgs(args) // main() leaves cobra to read os.Args
	if err := cmd.Execute(); err != nil {
		debug("%+v", err)
		if e, ok := err.(pluginError); ok {
			return e.code
		}
		return 1
	}
	return 0
}
