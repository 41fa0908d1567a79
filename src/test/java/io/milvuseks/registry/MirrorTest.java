package io.milvuseks.registry;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a Docker Hub reference becomes the reference the nodes pull. */
class MirrorTest {

    private static final Mirror ECR = new Mirror.EcrCache("123456789012", "us-east-1", "docker-hub");

    @Example
    void dockerReferencesParseAsDockerDoes() {
        // reference, canonical Docker Hub path, tag
        String[][] table = {
                {"nginx", "library/nginx", "latest"},
                {"nginx:1.27", "library/nginx", "1.27"},
                {"docker.io/library/redis:7.2", "library/redis", "7.2"},
                {"docker.io/redis:7.2", "library/redis", "7.2"},
                {"index.docker.io/milvusdb/milvus:v2.6.15", "milvusdb/milvus", "v2.6.15"},
                {"registry-1.docker.io/apachepulsar/pulsar:3.0.7", "apachepulsar/pulsar", "3.0.7"},
                {"milvusdb/etcd:3.5.25-r1", "milvusdb/etcd", "3.5.25-r1"},
        };
        for (var row : table) {
            var image = DockerHubImage.parse(row[0]);
            assertThat(image.path()).as(row[0]).isEqualTo(row[1]);
            assertThat(image.tag()).as(row[0]).isEqualTo(row[2]);
        }
    }

    @Example
    void referencesToOtherRegistriesOrByDigestAreRefused() {
        for (var ref : new String[] {"ghcr.io/huggingface/text-embeddings-inference:cpu-1.6", "quay.io/a/b:1",
                "localhost/a:1", "localhost:5000/a:1", "milvusdb/milvus@sha256:abc", "Milvusdb/Milvus:1"}) {
            assertThatThrownBy(() -> DockerHubImage.parse(ref)).as(ref).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Example
    void officialImagesKeepTheLibrarySegmentInTheCache() {
        assertThat(ECR.route(DockerHubImage.parse("busybox:1.36")).reference())
                .isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com/docker-hub/library/busybox:1.36");
        assertThat(ECR.route(DockerHubImage.parse("milvusdb/milvus:v2.6.15")).reference())
                .isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com/docker-hub/milvusdb/milvus:v2.6.15");
    }

    @Example
    void ecrHostFollowsThePartition() {
        assertThat(new Mirror.EcrCache("123456789012", "cn-north-1", "hub").host())
                .isEqualTo("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn");
        assertThat(new Mirror.EcrCache("123456789012", "us-gov-west-1", "hub").host())
                .isEqualTo("123456789012.dkr.ecr.us-gov-west-1.amazonaws.com");
        assertThatThrownBy(() -> new Mirror.EcrCache("12345", "us-east-1", "hub"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Example
    void theEcrCacheRefusesPathsItCannotFetch() {
        // aws/containers-roadmap#2354: <prefix>/a/b/c is not fetched from Docker Hub
        assertThatThrownBy(() -> ECR.route(new DockerHubImage("percona/operator/x", "1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two path components");
    }

    @Example
    void privateRegistrySplitsHostAndPath() {
        var withPath = new Mirror.Private("harbor.example.com:8443/dockerhub/cache");
        assertThat(withPath.route(DockerHubImage.parse("nginx:1")))
                .isEqualTo(new Mirror.Routed("harbor.example.com:8443", "dockerhub/cache/library/nginx", "1"));
        var bare = new Mirror.Private("mirror.example.com");
        assertThat(bare.route(DockerHubImage.parse("milvusdb/milvus:v1")).reference())
                .isEqualTo("mirror.example.com/milvusdb/milvus:v1");
    }

    @Provide
    Arbitrary<DockerHubImage> images() {
        var component = Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(12);
        var tag = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('.', '-', '_')
                .ofMinLength(0).ofMaxLength(20).map(t -> "v" + t);
        return Combinators.combine(component, component.injectNull(0.3), tag)
                .as((a, b, t) -> new DockerHubImage(b == null ? "library/" + a : a + "/" + b, t));
    }

    @Property
    void everyRoutedImageIsUnderTheMirrorAndKeepsItsDockerHubPath(@ForAll("images") DockerHubImage image) {
        for (var mirror : new Mirror[] {ECR, new Mirror.Private("registry.example.com/hub")}) {
            var routed = mirror.route(image);
            assertThat(routed.reference()).startsWith(mirror.host() + "/" + mirror.pathPrefix() + "/")
                    .endsWith("/" + image.path() + ":" + image.tag())
                    .doesNotContain("docker.io");
            assertThat(routed.registry()).isEqualTo(mirror.host());
        }
        // parse is the inverse of reference(): a Docker Hub image survives a round trip
        assertThat(DockerHubImage.parse(image.reference())).isEqualTo(image);
        if (image.path().startsWith("library/")) {
            assertThat(DockerHubImage.parse(image.path().substring("library/".length()) + ":" + image.tag()))
                    .isEqualTo(image);
        }
    }
}
