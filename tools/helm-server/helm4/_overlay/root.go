// Helm 4's root command for the render server, added to helm's own pkg/cmd
// package: NewRootCmd as it is, except that the process registers its
// initializer once (NewRootCmd adds one per call, and every later call would
// run them all) and that each call starts from fresh settings.

package cmd

import (
	"io"
	"os"

	"github.com/spf13/cobra"

	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/cli"
)

var chartkitConfig *action.Configuration

func init() {
	if os.Getenv("CHARTKIT_HELM_SERVE") != "1" {
		return
	}
	cobra.OnInitialize(func() {
		helmDriver := os.Getenv("HELM_DRIVER")
		if err := chartkitConfig.Init(settings.RESTClientGetter(), settings.Namespace(), helmDriver); err != nil {
			panic(err) // NewRootCmd's initializer exits here (log.Fatal); the server answers that it crashed
		}
		if helmDriver == "memory" {
			loadReleasesInMemory(chartkitConfig)
		}
		chartkitConfig.SetHookOutputFunc(hookOutputWriter)
	})
}

// ChartkitRootCmd is NewRootCmd for one call of the render server.
func ChartkitRootCmd(out io.Writer, args []string, logSetup func(bool)) (*cobra.Command, error) {
	settings = cli.New() // flags take their defaults from the settings: none carries over
	chartkitConfig = action.NewConfiguration()
	return newRootCmdWithConfig(chartkitConfig, out, args, logSetup)
}
