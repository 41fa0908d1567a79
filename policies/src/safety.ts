import { resourcePolicy } from "./framework";
import { T } from "./types";

/** In prod, the resources that hold data or decrypt it cannot be deleted by a mistaken `pulumi up`/`destroy`. */
export const dataProtect = resourcePolicy<{ types: string[] }>(
    {
        name: "data-protect",
        description: "In prod the S3 bucket, the KMS key and the MSK cluster are protected (resource option protect).",
        remediationSteps: "Declare them with CustomResourceOptions.builder().protect(true) when environment is prod.",
        severity: "critical",
        only: ["prod"],
        config: { types: { type: "array", items: { type: "string" }, default: [T.bucket, T.kmsKey, T.mskCluster] } },
    },
    [T.bucket, T.kmsKey, T.mskCluster],
    (_props, ctx, args) => {
        if (!ctx.config.types.includes(args.type)) {
            return [];
        }
        return args.opts?.protect === true ? [] : [{ message: `${args.type} ${args.name} is not protected: a destroy or replacement would delete its data` }];
    },
);
