// Command test-kubelet-streams is the test node agent's kubelet endpoint: it serves /portForward/<ns>/<pod> with the
// kubelet's own port-forward code (SPDY and websocket), dialling the pod's address that the agent's log server names
// at /podAddress/<ns>/<pod>, and hands every other path (/containerLogs/...) to that server. HTTPS with a fresh
// self-signed key; the API server does not check a kubelet's certificate unless told to. Only tests run it.
package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"flag"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/types"
	"k8s.io/kubelet/pkg/cri/streaming/portforward"
)

const (
	// as the kubelet's defaults (streamingConnectionIdleTimeout is 4h there; a test needs less)
	idleTimeout           = time.Hour
	streamCreationTimeout = 30 * time.Second
	lookupTimeout         = 5 * time.Second
	dialTimeout           = 5 * time.Second
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "host:port to serve HTTPS on")
	backend := flag.String("backend", "", "the agent's log server, https://host:port")
	flag.Parse()
	target, err := url.Parse(*backend)
	if err != nil || target.Host == "" {
		log.Fatalf("-backend %q: not an https://host:port URL", *backend)
	}
	insecure := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}
	lookups := &http.Client{Transport: insecure, Timeout: lookupTimeout}
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.Transport = insecure
	proxy.FlushInterval = -1 // a followed log is streamed as it comes

	mux := http.NewServeMux()
	mux.Handle("/", proxy)
	mux.HandleFunc("/portForward/", func(w http.ResponseWriter, r *http.Request) {
		// /portForward/<namespace>/<pod>[/<uid>], as the kubelet's routes
		parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		if len(parts) < 3 || len(parts) > 4 {
			http.Error(w, "expected /portForward/<namespace>/<pod>[/<uid>]", http.StatusNotFound)
			return
		}
		var uid types.UID
		if len(parts) == 4 {
			uid = types.UID(parts[3])
		}
		options, err := portforward.NewV4Options(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		forwarder := podDialer{lookups: lookups, backend: target, namespace: parts[1]}
		log.Printf("port-forward to %s/%s (%s)", parts[1], parts[2], r.Header.Get("Upgrade"))
		portforward.ServePortForward(w, r, forwarder, parts[2], uid, options, idleTimeout, streamCreationTimeout,
			portforward.SupportedProtocols)
	})

	host, _, err := net.SplitHostPort(*listen)
	if err != nil {
		log.Fatal(err)
	}
	certificate, err := selfSigned(host)
	if err != nil {
		log.Fatal(err)
	}
	listener, err := tls.Listen("tcp", *listen, &tls.Config{Certificates: []tls.Certificate{certificate}})
	if err != nil {
		log.Fatal(err)
	}
	// the agent reads the port from this first line
	fmt.Printf("listening on %s\n", listener.Addr())
	os.Stdout.Sync()
	log.Fatal((&http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}).Serve(listener))
}

// podDialer reaches a pod's port at the address the agent gave the pod's network namespace.
type podDialer struct {
	lookups   *http.Client
	backend   *url.URL
	namespace string
}

func (d podDialer) PortForward(ctx context.Context, pod string, _ types.UID, port int32, stream io.ReadWriteCloser) error {
	defer stream.Close()
	ip, err := d.address(ctx, pod)
	if err != nil {
		return err
	}
	dialer := net.Dialer{Timeout: dialTimeout}
	conn, err := dialer.DialContext(ctx, "tcp", net.JoinHostPort(ip, strconv.Itoa(int(port))))
	if err != nil {
		return fmt.Errorf("pod %s/%s: %w", d.namespace, pod, err)
	}
	defer conn.Close()
	done := make(chan struct{}, 2)
	go func() { io.Copy(conn, stream); conn.(*net.TCPConn).CloseWrite(); done <- struct{}{} }()
	go func() { io.Copy(stream, conn); done <- struct{}{} }()
	select {
	case <-done:
	case <-ctx.Done():
	}
	return nil
}

func (d podDialer) address(ctx context.Context, pod string) (string, error) {
	lookup := d.backend.JoinPath("podAddress", d.namespace, pod)
	request, err := http.NewRequestWithContext(ctx, http.MethodGet, lookup.String(), nil)
	if err != nil {
		return "", err
	}
	response, err := d.lookups.Do(request)
	if err != nil {
		return "", err
	}
	defer response.Body.Close()
	body, err := io.ReadAll(io.LimitReader(response.Body, 256))
	if err != nil {
		return "", err
	}
	if response.StatusCode != http.StatusOK {
		return "", fmt.Errorf("pod %s/%s: %s", d.namespace, pod, strings.TrimSpace(string(body)))
	}
	return strings.TrimSpace(string(body)), nil
}

func selfSigned(host string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	template := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "test-node-agent"},
		NotBefore:    time.Now().Add(-time.Minute),
		NotAfter:     time.Now().Add(7 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.ParseIP(host)},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}
