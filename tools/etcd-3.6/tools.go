//go:build tools

// Package tools pins etcd 3.6.17: its server, etcdctl and etcdutl, built by bin/etcd-tools.
package tools

import (
	_ "go.etcd.io/etcd/etcdctl/v3"
	_ "go.etcd.io/etcd/etcdutl/v3"
	_ "go.etcd.io/etcd/server/v3"
)
