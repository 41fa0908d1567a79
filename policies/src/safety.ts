import { resourcePolicy } from "./framework";
import { T } from "./types";

/** Hold data (buckets, MSK), decrypt it (keys), run it (the cluster: replacing it drops every volume claim's node), or hold credentials. */
const PROTECTED = [T.bucket, T.bucketV1, T.kmsKey, T.mskCluster, T.eksCluster, T.secret];

/** In prod, the resources that hold data or decrypt it cannot be deleted by a mistaken `pulumi up`/`destroy`. */
export const dataProtect = resourcePolicy<{ types: string[] }>(
    {
        name: "data-protect",
        description: "In prod the S3 buckets, the KMS keys, the MSK cluster, the EKS cluster and the Secrets Manager secret are protected (resource option protect).",
        remediationSteps: "Declare them with CustomResourceOptions.builder().protect(true) when environment is prod.",
        severity: "critical",
        only: ["prod"],
        config: { types: { type: "array", items: { type: "string" }, default: PROTECTED } },
    },
    PROTECTED,
    (_props, ctx, args) => {
        if (!ctx.config.types.includes(args.type)) {
            return [];
        }
        return args.opts?.protect === true ? [] : [{ message: `${args.type} ${args.name} is not protected: a destroy or replacement would delete its data` }];
    },
);
