{{/*
The S3 blob store's bucket: typed here, or read from an ObjectBucketClaim
(bootstrap.blobStore.s3.fromBucketClaim), never both.
*/}}
{{- define "stalwart.validate.bucketClaim" -}}
{{- $s3 := .Values.bootstrap.blobStore.s3 }}
{{- if $s3.enabled }}
{{- if $s3.fromBucketClaim }}
{{- $typed := list }}
{{- range $path, $set := dict "bucket" $s3.bucket "endpoint" $s3.endpoint "accessKeySecret.name" $s3.accessKeySecret.name "secretKeySecret.name" $s3.secretKeySecret.name }}
{{- if $set }}
{{- $typed = append $typed (printf "bootstrap.blobStore.s3.%s" $path) }}
{{- end }}
{{- end }}
{{- if $typed }}
{{- fail (printf "bootstrap.blobStore.s3.fromBucketClaim: reads bucket, endpoint and keys from ObjectBucketClaim %q (its ConfigMap and Secret), but %s also set them by hand; a copy goes stale when the provisioner changes them. Clear %s." $s3.fromBucketClaim (join ", " $typed) (join ", " $typed)) }}
{{- end }}
{{- else if not $s3.bucket }}
{{- fail "bootstrap.blobStore.s3.bucket: is empty while bootstrap.blobStore.s3.enabled is true. Set bootstrap.blobStore.s3.fromBucketClaim to the ObjectBucketClaim's name (the platform chart's <fullname>-blobs), or the bucket name." }}
{{- end }}
{{- end }}
{{- if and $s3.allowInvalidCerts (eq $s3.claimScheme "http") $s3.fromBucketClaim }}
{{- fail "bootstrap.blobStore.s3.allowInvalidCerts: is true while claimScheme is http, where no certificate is checked. Set claimScheme=https (the store serves TLS), or allowInvalidCerts=false." }}
{{- end }}
{{- end }}
