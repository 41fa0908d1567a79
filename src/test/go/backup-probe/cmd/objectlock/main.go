// Command objectlock makes, against an S3 API (moto in BackupObjectLockIT), the writes milvus-backup v0.5.16 makes
// into its backup bucket during `milvus-backup create`, with the same client library at the same version
// (minio-go v7.0.97, pinned by milvus-backup's go.mod) and the same call options:
//
//   - internal/storage/factory.go NewBackupStorage -> CreateBucketIfNotExist: ListObjects(MaxKeys 1)
//   - core/backup/task.go prepare: storage.Exist(backupDir), a listing
//   - the binlogs, with minio.crossStorage false and both ends on aws (core/backup/task.go NewTask): the remote
//     copier (internal/storage/copier.go), i.e. internal/storage/minio.go CopyObject:
//     below minio.multipartCopyThresholdMiB (default 500) Client.CopyObject(CopyDestOptions{Bucket, Object},
//     CopySrcOptions{Bucket, Object}); at or above it Core.NewMultipartUpload(PutObjectOptions{}),
//     Core.CopyObjectPart(..., nil) per part (splitIntoParts: parts of max(10 MiB, size/10000)) and
//     Core.CompleteMultipartUpload(..., PutObjectOptions{})
//   - core/backup/task.go writeMeta, last: storage.Write -> internal/storage/minio.go UploadObject:
//     Client.PutObject(bucket, key, reader, size, PutObjectOptions{}) for the five meta files
//
// The client is built as internal/storage/minio.go newMinioClient does: minio.Options{Secure, Region, Creds}
// (static keys here, IRSA there: the credential source changes no header of these requests). With -tls the calls go
// through an in-process TLS front to the endpoint, so the client runs with Secure true, as prod's backup.yaml
// (useSSL true) makes it; the front's certificate is trusted through SSL_CERT_FILE, set here before any TLS use, so
// the minio options stay exactly milvus-backup's.
//
// -stop-before-meta ends the run after the binlogs, as a run that fails before writeMeta does.
//
// Output: one JSON line per call ({"call","key","ok","code","message","versionId"}), then {"result": "ok"} or
// {"result": "failed"}. Exit 0 when every call succeeded, 1 when one failed, 2 on bad usage. Like milvus-backup it
// stops at the first failed call, unless -keep-going (then every call is tried and reported).
package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

const (
	mib         = int64(1 << 20)
	minPartSize = 10 * mib // internal/storage/minio.go _minPartSize
	maxParts    = 10000    // _maxParts
)

// The meta files core/backup/task.go writeMeta writes, in its order (internal/storage/mpath MetaType).
var metaFiles = []string{"backup_meta.json", "collection_meta.json", "partition_meta.json", "segment_meta.json",
	"full_meta.json"}

type probe struct {
	cli            *minio.Client
	core           *minio.Core
	keepGoing      bool
	stopBeforeMeta bool
	failed         bool
	out            *json.Encoder
}

type line struct {
	Call      string `json:"call"`
	Key       string `json:"key"`
	OK        bool   `json:"ok"`
	Code      string `json:"code,omitempty"`
	Message   string `json:"message,omitempty"`
	VersionID string `json:"versionId,omitempty"`
}

// report records one call's outcome; true when the run must stop there (a failure, without -keep-going).
func (p *probe) report(call, key, versionID string, err error) bool {
	l := line{Call: call, Key: key, OK: err == nil, VersionID: versionID}
	if err != nil {
		r := minio.ToErrorResponse(err)
		l.Code, l.Message = r.Code, r.Message
		if l.Code == "" {
			l.Message = err.Error()
		}
		p.failed = true
	}
	_ = p.out.Encode(l)
	return err != nil && !p.keepGoing
}

func main() {
	endpoint := flag.String("endpoint", "", "S3 endpoint URL, e.g. http://127.0.0.1:5000 (moto)")
	useTLS := flag.Bool("tls", false, "reach the endpoint through an in-process TLS front (Secure: true, as prod)")
	region := flag.String("region", "us-east-1", "the buckets' region (backup.yaml minio.backupRegion)")
	accessKey := flag.String("access-key", "testing", "access key id")
	secretKey := flag.String("secret-key", "testing", "secret access key")
	srcBucket := flag.String("src-bucket", "", "Milvus' bucket (the source of the binlogs)")
	srcPrefix := flag.String("src-prefix", "", "the binlogs' prefix in the source bucket")
	destBucket := flag.String("dest-bucket", "", "the backup bucket")
	rootPath := flag.String("root-path", "backup", "minio.backupRootPath")
	name := flag.String("backup-name", "", "the backup's name (its directory under root-path)")
	thresholdMiB := flag.Int64("multipart-threshold-mib", 500, "minio.multipartCopyThresholdMiB")
	keepGoing := flag.Bool("keep-going", false, "try every call instead of stopping at the first failure")
	stopBeforeMeta := flag.Bool("stop-before-meta", false,
		"end after the binlogs, as a run that dies before writeMeta (a Milvus error, the job's deadline)")
	flag.Parse()
	if *endpoint == "" || *srcBucket == "" || *destBucket == "" || *name == "" {
		fmt.Fprintln(os.Stderr, "usage: objectlock -endpoint URL -src-bucket B -src-prefix P -dest-bucket B "+
			"-backup-name N [-tls] [-keep-going] [-multipart-threshold-mib N]")
		os.Exit(2)
	}
	u, err := url.Parse(*endpoint)
	if err != nil || u.Host == "" {
		fmt.Fprintf(os.Stderr, "-endpoint %q is not a URL\n", *endpoint)
		os.Exit(2)
	}
	host, secure := u.Host, u.Scheme == "https"
	if *useTLS {
		host, err = tlsFront(u)
		if err != nil {
			fmt.Fprintln(os.Stderr, "tls front:", err)
			os.Exit(2)
		}
		secure = true
	}

	// internal/storage/minio.go newMinioClient + newInternalMinio: these options and nothing else.
	opts := minio.Options{Secure: secure, Region: *region}
	opts.Creds = credentials.NewStaticV4(*accessKey, *secretKey, "")
	cli, err := minio.New(host, &opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "minio.New:", err)
		os.Exit(2)
	}
	core, err := minio.NewCore(host, &opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "minio.NewCore:", err)
		os.Exit(2)
	}
	// A second client for the source, as milvus-backup has one per storage (same options here).
	src, err := minio.New(host, &opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "minio.New:", err)
		os.Exit(2)
	}

	p := &probe{cli: cli, core: core, keepGoing: *keepGoing, stopBeforeMeta: *stopBeforeMeta,
		out: json.NewEncoder(os.Stdout)}
	ctx := context.Background()
	backupDir := strings.TrimSuffix(*rootPath, "/") + "/" + *name + "/"
	p.run(ctx, src, *srcBucket, *srcPrefix, *destBucket, backupDir, *thresholdMiB*mib)
	if !p.failed {
		_ = p.out.Encode(map[string]string{"result": "ok"})
		return
	}
	_ = p.out.Encode(map[string]string{"result": "failed"})
	os.Exit(1)
}

func (p *probe) run(ctx context.Context, src *minio.Client, srcBucket, srcPrefix, dest, backupDir string,
	threshold int64) {
	// CreateBucketIfNotExist (BucketExist) and prepare (Exist): listings, which the lock never refuses.
	for _, prefix := range []string{"", backupDir} {
		if p.report("ListObjects", prefix, "", firstListError(ctx, p.cli, dest, prefix)) {
			return
		}
	}

	var objects []minio.ObjectInfo
	for obj := range src.ListObjects(ctx, srcBucket, minio.ListObjectsOptions{Prefix: srcPrefix, Recursive: true}) {
		if obj.Err != nil {
			p.report("ListObjects", srcPrefix, "", obj.Err)
			return
		}
		objects = append(objects, obj)
	}
	if len(objects) == 0 {
		p.report("ListObjects", srcPrefix, "", fmt.Errorf("no source objects under %s/%s", srcBucket, srcPrefix))
		return
	}
	for _, obj := range objects {
		destKey := backupDir + "binlogs/" + strings.TrimPrefix(obj.Key, srcPrefix)
		if obj.Size >= threshold {
			if p.multipartCopy(ctx, srcBucket, obj, dest, destKey) {
				return
			}
			continue
		}
		info, err := p.cli.CopyObject(ctx, minio.CopyDestOptions{Bucket: dest, Object: destKey},
			minio.CopySrcOptions{Bucket: srcBucket, Object: obj.Key})
		if p.report("CopyObject", destKey, info.VersionID, err) {
			return
		}
	}

	if p.stopBeforeMeta {
		p.report("writeMeta", backupDir+"meta/", "", fmt.Errorf("-stop-before-meta: the run ends before writeMeta"))
		return
	}
	for _, meta := range metaFiles {
		body := []byte(fmt.Sprintf(`{"probe":"milvus-backup v0.5.16 writeMeta","file":%q}`, meta))
		key := backupDir + "meta/" + meta
		// internal/storage/minio.go UploadObject: size known (storage.Write), options empty.
		info, err := p.cli.PutObject(ctx, dest, key, bytes.NewReader(body), int64(len(body)),
			minio.PutObjectOptions{})
		if p.report("PutObject", key, info.VersionID, err) {
			return
		}
	}
}

// firstListError lists at most one object, as internal/storage/minio.go BucketExist does (cancelling the listing).
func firstListError(ctx context.Context, cli *minio.Client, bucket, prefix string) error {
	sub, cancel := context.WithCancel(ctx)
	defer cancel()
	obj, ok := <-cli.ListObjects(sub, bucket, minio.ListObjectsOptions{Prefix: prefix, MaxKeys: 1})
	if ok {
		return obj.Err
	}
	return nil
}

// multipartCopy: internal/storage/minio.go multiPartCopy, with its part sizes (splitIntoParts); true when the run
// must stop.
func (p *probe) multipartCopy(ctx context.Context, srcBucket string, obj minio.ObjectInfo, dest, destKey string) bool {
	if obj.Size <= minPartSize {
		return p.report("NewMultipartUpload", destKey, "",
			fmt.Errorf("size %d is not over the 10 MiB minimum part", obj.Size))
	}
	uploadID, err := p.core.NewMultipartUpload(ctx, dest, destKey, minio.PutObjectOptions{})
	if p.report("NewMultipartUpload", destKey, "", err) || err != nil {
		return err != nil && !p.keepGoing
	}
	partSize := max(minPartSize, (obj.Size+maxParts-1)/maxParts)
	var parts []minio.CompletePart
	for index, offset := 1, int64(0); offset < obj.Size; index, offset = index+1, offset+partSize {
		size := min(partSize, obj.Size-offset)
		part, err := p.core.CopyObjectPart(ctx, srcBucket, obj.Key, dest, destKey, uploadID, index, offset, size, nil)
		if stop := p.report("CopyObjectPart", fmt.Sprintf("%s#%d", destKey, index), "", err); err != nil {
			// milvus-backup aborts the upload when a part fails
			_ = p.core.AbortMultipartUpload(ctx, dest, destKey, uploadID)
			return stop
		}
		parts = append(parts, part)
	}
	sort.Slice(parts, func(i, j int) bool { return parts[i].PartNumber < parts[j].PartNumber })
	info, err := p.core.CompleteMultipartUpload(ctx, dest, destKey, uploadID, parts, minio.PutObjectOptions{})
	return p.report("CompleteMultipartUpload", destKey, info.VersionID, err)
}

// tlsFront serves HTTPS on a loopback port and forwards every request unchanged to target. Its self-signed
// certificate is written to a file named by SSL_CERT_FILE, which Go's x509 reads on first use (crypto/x509
// root_unix.go), so the minio client needs no transport option.
func tlsFront(target *url.URL) (string, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return "", err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "objectlock-probe tls front"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "objectlock-probe-")
	if err != nil {
		return "", err
	}
	file := filepath.Join(dir, "front.pem")
	if err := os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		return "", err
	}
	if err := os.Setenv("SSL_CERT_FILE", file); err != nil {
		return "", err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	server := &http.Server{Handler: proxy, TLSConfig: &tls.Config{Certificates: []tls.Certificate{{
		Certificate: [][]byte{der}, PrivateKey: key}}}}
	go func() { _ = server.ServeTLS(ln, "", "") }()
	return ln.Addr().String(), nil
}
