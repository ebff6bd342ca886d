"""A real Kubernetes control plane for the tests: etcd, kube-apiserver,
kube-controller-manager and kube-scheduler built from pinned Go modules, kwok
for the nodes and the pods' lifecycle. Chart-agnostic: `build` (the Go build),
`pki` (certificates), `api` (a small REST client), `controlplane` (start,
stop, kubeconfig), `simulate` (nodes, volumes, load balancers, CRDs)."""
