// Command restca checks which certificate authorities milvus-backup v0.5.16's REST client trusts. That client
// (internal/client/milvus/restful.go NewRestful) is req.C() of github.com/imroc/req/v3 v3.57.0 with a base URL and
// nothing about TLS: its transport's tls.Config has no RootCAs, so Go verifies against the system pool, which
// crypto/x509 loads once per process from SSL_CERT_FILE (or the distribution's bundle file) plus every file in the
// SSL_CERT_DIR directories (or /etc/ssl/certs, /etc/pki/tls/certs). The gRPC client's caCertPath does not reach it.
//
//	restca make <dir>   writes a CA into <dir>/ca as Kubernetes projects a ConfigMap key (ca.pem -> ..data/ca.pem,
//	                    ..data -> a timestamped directory) and a server certificate it signed (127.0.0.1) into
//	                    <dir>/server.pem and <dir>/server-key.pem
//	restca call <dir>   serves HTTPS with <dir>'s server certificate on loopback and POSTs to it as
//	                    milvus-backup's GetSegmentInfo does (/v2/vectordb/segments/describe, req.C()); prints
//	                    {"ok", "error", "systemRoots", "publicRootKept"} and exits 0 when the call verified, 1 when not
//
// "systemRoots" is how many certificates the process's system pool holds; "publicRootKept" whether it still
// holds a public root of the distribution's bundle (ISRG Root X1, which S3's certificates do not need but every
// Debian and Alpine bundle carries): SSL_CERT_DIR adds to the bundle, SSL_CERT_FILE replaces it.
package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/imroc/req/v3"
)

func main() {
	if len(os.Args) != 3 || (os.Args[1] != "make" && os.Args[1] != "call") {
		fmt.Fprintln(os.Stderr, "usage: restca make|call <dir>")
		os.Exit(2)
	}
	var err error
	if os.Args[1] == "make" {
		err = makeCerts(os.Args[2])
	} else {
		err = call(os.Args[2])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func makeCerts(dir string) error {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "restca probe private CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true, IsCA: true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return err
	}
	// The kubelet's atomic writer layout of a ConfigMap volume: the key is a symlink into ..data.
	stamp := filepath.Join(dir, "ca", "..2026_01_01_00_00_00.000000001")
	if err := os.MkdirAll(stamp, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(stamp, "ca.pem"), pemOf("CERTIFICATE", caDER), 0o644); err != nil {
		return err
	}
	if err := os.Symlink(filepath.Base(stamp), filepath.Join(dir, "ca", "..data")); err != nil {
		return err
	}
	if err := os.Symlink("..data/ca.pem", filepath.Join(dir, "ca", "ca.pem")); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "server.pem"), pemOf("CERTIFICATE", der), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "server-key.pem"), pemOf("EC PRIVATE KEY", keyDER), 0o600)
}

func pemOf(kind string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der})
}

type result struct {
	OK             bool   `json:"ok"`
	Error          string `json:"error,omitempty"`
	SystemRoots    int    `json:"systemRoots"`
	PublicRootKept bool   `json:"publicRootKept"`
}

func call(dir string) error {
	cert, err := tls.LoadX509KeyPair(filepath.Join(dir, "server.pem"), filepath.Join(dir, "server-key.pem"))
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	server := &http.Server{TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}},
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"code":0,"data":{"segmentInfos":[{"segmentID":1}]}}`))
		})}
	go func() { _ = server.ServeTLS(ln, "", "") }()
	defer server.Close()

	// restful.go NewRestful with tlsMode 1: req.C().SetBaseURL("https://" + host), nothing else about TLS.
	cli := req.C().SetBaseURL("https://" + ln.Addr().String())
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var body map[string]any
	resp, err := cli.R().SetContext(ctx).SetBody(map[string]any{"dbName": "default", "collectionId": 1,
		"segmentIds": []int64{1}}).SetSuccessResult(&body).Post("/v2/vectordb/segments/describe")

	out := result{OK: err == nil && !resp.IsErrorState()}
	if err != nil {
		out.Error = err.Error()
	}
	if pool, perr := x509.SystemCertPool(); perr == nil {
		//nolint:staticcheck // Subjects is deprecated for pools from SystemCertPool on some platforms, not Linux.
		subjects := pool.Subjects()
		out.SystemRoots = len(subjects)
		for _, s := range subjects {
			if strings.Contains(string(s), "ISRG Root X1") {
				out.PublicRootKept = true
			}
		}
	}
	_ = json.NewEncoder(os.Stdout).Encode(out)
	if !out.OK {
		os.Exit(1)
	}
	return nil
}
