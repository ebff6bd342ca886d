{{/*
The bucket claim: a fixed bucket name only with the takeover acknowledged.
A bucket provisioner hands an existing bucket of the asked name to any claim
that asks for it (Rook re-links it to the new claim's user), so a copy of
these values elsewhere would read, write and, under Delete, empty it.
*/}}
{{- define "stalwart-platform.validate.buckets" -}}
{{- $ob := .Values.objectBucket }}
{{- $risk := "a bucket provisioner hands an existing bucket of that name to any claim that asks for it (Rook re-links it to the new claim's user; under the Delete reclaim policy deleting either claim empties it)" }}
{{- if $ob.enabled }}
{{- if and $ob.bucketName $ob.fixedBucketName }}
{{- fail (printf "objectBucket.bucketName: %q is set together with objectBucket.fixedBucketName, which names the bucket %q. Keep one: clear bucketName for a new claim, or set fixedBucketName=false to keep an existing claim's bucket." $ob.bucketName (include "stalwart-platform.objectBucket.fixedBucketName" .)) }}
{{- end }}
{{- if and $ob.bucketName (not $ob.acknowledgeBucketTakeover) }}
{{- fail (printf "objectBucket.bucketName: %q is a fixed bucket name typed into values, and %s; a copy of these values (staging, a second Stalwart) gets this bucket. For a new claim clear bucketName (a generated name, which the base release reads with bootstrap.blobStore.s3.fromBucketClaim); to keep an existing claim's bucket set objectBucket.acknowledgeBucketTakeover=true." $ob.bucketName $risk) }}
{{- end }}
{{- if and $ob.fixedBucketName (not $ob.acknowledgeBucketTakeover) }}
{{- fail (printf "objectBucket.fixedBucketName: asks for bucket %q, and %s. Leave fixedBucketName=false (a generated name, which the base release reads with bootstrap.blobStore.s3.fromBucketClaim), or set objectBucket.acknowledgeBucketTakeover=true." (include "stalwart-platform.objectBucket.fixedBucketName" .) $risk) }}
{{- end }}
{{- end }}
{{- end }}
