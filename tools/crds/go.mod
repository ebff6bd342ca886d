// The released CRDs the suite validates against that REFERENCE_DATA lacks, pinned
// as the Go modules that ship them (never imported: `make crds` only runs
// `go mod download -json` with -mod=readonly, so go.sum is checked, never rewritten;
// do not run `go mod tidy` here, it would drop every requirement). Which files each
// module gives, and into which .cache/crds/<operator>/ folder: crds.yaml beside this file.
module github.com/stalwart-charts/crds

go 1.26.0

require (
	// Argo CD v3.6.x needs Go 1.27; v3.5.8 is the newest this Go (1.26) downloads.
	github.com/argoproj/argo-cd/v3 v3.5.8
	github.com/cloudnative-pg/plugin-barman-cloud v0.15.0
	// Flux v1.10.x needs Go 1.27; v1.9.6 (Flux 2.7) is the newest this Go downloads.
	github.com/fluxcd/kustomize-controller v1.9.6
	github.com/fluxcd/source-controller v1.9.6
	github.com/kubernetes-csi/external-snapshotter/client/v8 v8.7.0
)
