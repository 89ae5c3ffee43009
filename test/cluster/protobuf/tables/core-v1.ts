// Protobuf field numbers of the core/v1 kinds kubectl creates and everything their fields reach (pod specs included), as
// `number:jsonName:type` entries (`~` marks a field whose JSON is inlined into its parent).
import type { MessageTable } from "../message-table.js";

/** Message layouts by qualified name (`core.v1.Container`). */
export const CORE_V1_MESSAGES: MessageTable = {
  "core.v1.AWSElasticBlockStoreVolumeSource": "1:volumeID:s 2:fsType:s 3:partition:i 4:readOnly:b",
  "core.v1.Affinity":
    "1:nodeAffinity:core.v1.NodeAffinity 2:podAffinity:core.v1.PodAffinity 3:podAntiAffinity:core.v1.PodAntiAffinity",
  "core.v1.AppArmorProfile": "1:type:s 2:localhostProfile:s",
  "core.v1.AzureDiskVolumeSource":
    "1:diskName:s 2:diskURI:s 3:cachingMode:s 4:fsType:s 5:readOnly:b 6:kind:s",
  "core.v1.AzureFileVolumeSource": "1:secretName:s 2:shareName:s 3:readOnly:b",
  "core.v1.Binding": "1:metadata:meta.v1.ObjectMeta 2:target:core.v1.ObjectReference",
  "core.v1.CSIVolumeSource":
    "1:driver:s 2:readOnly:b 3:fsType:s 4:volumeAttributes:{s:s} 5:nodePublishSecretRef:core.v1.LocalObjectReference",
  "core.v1.Capabilities": "1:add:[]s 2:drop:[]s",
  "core.v1.CephFSVolumeSource":
    "1:monitors:[]s 2:path:s 3:user:s 4:secretFile:s 5:secretRef:core.v1.LocalObjectReference 6:readOnly:b",
  "core.v1.CinderVolumeSource":
    "1:volumeID:s 2:fsType:s 3:readOnly:b 4:secretRef:core.v1.LocalObjectReference",
  "core.v1.ClientIPConfig": "1:timeoutSeconds:i",
  "core.v1.ClusterTrustBundleProjection":
    "1:name:s 2:signerName:s 3:labelSelector:meta.v1.LabelSelector 5:optional:b 4:path:s 6:user:i",
  "core.v1.ConfigMap":
    "1:metadata:meta.v1.ObjectMeta 4:immutable:b 2:data:{s:s} 3:binaryData:{s:y}",
  "core.v1.ConfigMapEnvSource": "1:~localObjectReference:core.v1.LocalObjectReference 2:optional:b",
  "core.v1.ConfigMapKeySelector":
    "1:~localObjectReference:core.v1.LocalObjectReference 2:key:s 3:optional:b",
  "core.v1.ConfigMapProjection":
    "1:~localObjectReference:core.v1.LocalObjectReference 2:items:[]core.v1.KeyToPath 4:optional:b",
  "core.v1.ConfigMapVolumeSource":
    "1:~localObjectReference:core.v1.LocalObjectReference 2:items:[]core.v1.KeyToPath 3:defaultMode:i 4:optional:b 5:defaultUser:i",
  "core.v1.Container":
    "1:name:s 2:image:s 3:command:[]s 4:args:[]s 5:workingDir:s 6:ports:[]core.v1.ContainerPort 19:envFrom:[]core.v1.EnvFromSource 7:env:[]core.v1.EnvVar 8:resources:core.v1.ResourceRequirements 23:resizePolicy:[]core.v1.ContainerResizePolicy 24:restartPolicy:s 25:restartPolicyRules:[]core.v1.ContainerRestartRule 9:volumeMounts:[]core.v1.VolumeMount 21:volumeDevices:[]core.v1.VolumeDevice 10:livenessProbe:core.v1.Probe 11:readinessProbe:core.v1.Probe 22:startupProbe:core.v1.Probe 12:lifecycle:core.v1.Lifecycle 13:terminationMessagePath:s 20:terminationMessagePolicy:s 14:imagePullPolicy:s 15:securityContext:core.v1.SecurityContext 16:stdin:b 17:stdinOnce:b 18:tty:b",
  "core.v1.ContainerExtendedResourceRequest": "1:containerName:s 2:resourceName:s 3:requestName:s",
  "core.v1.ContainerPort": "1:name:s 2:hostPort:i 3:containerPort:i 4:protocol:s 5:hostIP:s",
  "core.v1.ContainerResizePolicy": "1:resourceName:s 2:restartPolicy:s",
  "core.v1.ContainerRestartRule": "1:action:s 2:exitCodes:core.v1.ContainerRestartRuleOnExitCodes",
  "core.v1.ContainerRestartRuleOnExitCodes": "1:operator:s 2:values:[]i",
  "core.v1.ContainerState":
    "1:waiting:core.v1.ContainerStateWaiting 2:running:core.v1.ContainerStateRunning 3:terminated:core.v1.ContainerStateTerminated",
  "core.v1.ContainerStateRunning": "1:startedAt:meta.v1.Time",
  "core.v1.ContainerStateTerminated":
    "1:exitCode:i 2:signal:i 3:reason:s 4:message:s 5:startedAt:meta.v1.Time 6:finishedAt:meta.v1.Time 7:containerID:s",
  "core.v1.ContainerStateWaiting": "1:reason:s 2:message:s",
  "core.v1.ContainerStatus":
    "1:name:s 2:state:core.v1.ContainerState 3:lastState:core.v1.ContainerState 4:ready:b 5:restartCount:i 6:image:s 7:imageID:s 8:containerID:s 9:started:b 10:allocatedResources:{s:resource.Quantity} 11:resources:core.v1.ResourceRequirements 12:volumeMounts:[]core.v1.VolumeMountStatus 13:user:core.v1.ContainerUser 14:allocatedResourcesStatus:[]core.v1.ResourceStatus 15:stopSignal:s",
  "core.v1.ContainerUser": "1:linux:core.v1.LinuxContainerUser",
  "core.v1.DownwardAPIProjection": "1:items:[]core.v1.DownwardAPIVolumeFile",
  "core.v1.DownwardAPIVolumeFile":
    "1:path:s 2:fieldRef:core.v1.ObjectFieldSelector 3:resourceFieldRef:core.v1.ResourceFieldSelector 4:mode:i 5:user:i",
  "core.v1.DownwardAPIVolumeSource":
    "1:items:[]core.v1.DownwardAPIVolumeFile 2:defaultMode:i 3:defaultUser:i",
  "core.v1.EmptyDirVolumeSource": "1:medium:s 2:sizeLimit:resource.Quantity 3:mode:i",
  "core.v1.EndpointAddress": "1:ip:s 3:hostname:s 4:nodeName:s 2:targetRef:core.v1.ObjectReference",
  "core.v1.EndpointPort": "1:name:s 2:port:i 3:protocol:s 4:appProtocol:s",
  "core.v1.EndpointSubset":
    "1:addresses:[]core.v1.EndpointAddress 2:notReadyAddresses:[]core.v1.EndpointAddress 3:ports:[]core.v1.EndpointPort",
  "core.v1.Endpoints": "1:metadata:meta.v1.ObjectMeta 2:subsets:[]core.v1.EndpointSubset",
  "core.v1.EnvFromSource":
    "1:prefix:s 2:configMapRef:core.v1.ConfigMapEnvSource 3:secretRef:core.v1.SecretEnvSource",
  "core.v1.EnvVar": "1:name:s 2:value:s 3:valueFrom:core.v1.EnvVarSource",
  "core.v1.EnvVarSource":
    "1:fieldRef:core.v1.ObjectFieldSelector 2:resourceFieldRef:core.v1.ResourceFieldSelector 3:configMapKeyRef:core.v1.ConfigMapKeySelector 4:secretKeyRef:core.v1.SecretKeySelector 5:fileKeyRef:core.v1.FileKeySelector",
  "core.v1.EphemeralContainer":
    "1:~ephemeralContainerCommon:core.v1.EphemeralContainerCommon 2:targetContainerName:s",
  "core.v1.EphemeralContainerCommon":
    "1:name:s 2:image:s 3:command:[]s 4:args:[]s 5:workingDir:s 6:ports:[]core.v1.ContainerPort 19:envFrom:[]core.v1.EnvFromSource 7:env:[]core.v1.EnvVar 8:resources:core.v1.ResourceRequirements 23:resizePolicy:[]core.v1.ContainerResizePolicy 24:restartPolicy:s 25:restartPolicyRules:[]core.v1.ContainerRestartRule 9:volumeMounts:[]core.v1.VolumeMount 21:volumeDevices:[]core.v1.VolumeDevice 10:livenessProbe:core.v1.Probe 11:readinessProbe:core.v1.Probe 22:startupProbe:core.v1.Probe 12:lifecycle:core.v1.Lifecycle 13:terminationMessagePath:s 20:terminationMessagePolicy:s 14:imagePullPolicy:s 15:securityContext:core.v1.SecurityContext 16:stdin:b 17:stdinOnce:b 18:tty:b",
  "core.v1.EphemeralVolumeSource": "1:volumeClaimTemplate:core.v1.PersistentVolumeClaimTemplate",
  "core.v1.EvictionResponder": "1:name:s 2:priority:i",
  "core.v1.ExecAction": "1:command:[]s",
  "core.v1.FCVolumeSource": "1:targetWWNs:[]s 2:lun:i 3:fsType:s 4:readOnly:b 5:wwids:[]s",
  "core.v1.FileKeySelector": "1:volumeName:s 2:path:s 3:key:s 4:optional:b",
  "core.v1.FlexVolumeSource":
    "1:driver:s 2:fsType:s 3:secretRef:core.v1.LocalObjectReference 4:readOnly:b 5:options:{s:s}",
  "core.v1.FlockerVolumeSource": "1:datasetName:s 2:datasetUUID:s",
  "core.v1.GCEPersistentDiskVolumeSource": "1:pdName:s 2:fsType:s 3:partition:i 4:readOnly:b",
  "core.v1.GRPCAction": "1:port:i 2:service:s 3:mode:s",
  "core.v1.GitRepoVolumeSource": "1:repository:s 2:revision:s 3:directory:s",
  "core.v1.GlusterfsVolumeSource": "1:endpoints:s 2:path:s 3:readOnly:b",
  "core.v1.HTTPGetAction":
    "1:path:s 2:port:intstr.IntOrString 3:host:s 4:scheme:s 5:httpHeaders:[]core.v1.HTTPHeader 6:protocol:s",
  "core.v1.HTTPHeader": "1:name:s 2:value:s",
  "core.v1.HostAlias": "1:ip:s 2:hostnames:[]s",
  "core.v1.HostIP": "1:ip:s",
  "core.v1.HostPathVolumeSource": "1:path:s 2:type:s",
  "core.v1.ISCSIVolumeSource":
    "1:targetPortal:s 2:iqn:s 3:lun:i 4:iscsiInterface:s 5:fsType:s 6:readOnly:b 7:portals:[]s 8:chapAuthDiscovery:b 11:chapAuthSession:b 10:secretRef:core.v1.LocalObjectReference 12:initiatorName:s",
  "core.v1.ImageVolumeSource": "1:reference:s 2:pullPolicy:s",
  "core.v1.ImageVolumeStatus": "1:imageRef:s",
  "core.v1.KeyToPath": "1:key:s 2:path:s 3:mode:i 4:user:i",
  "core.v1.Lifecycle":
    "1:postStart:core.v1.LifecycleHandler 2:preStop:core.v1.LifecycleHandler 3:stopSignal:s",
  "core.v1.LifecycleHandler":
    "1:exec:core.v1.ExecAction 2:httpGet:core.v1.HTTPGetAction 3:tcpSocket:core.v1.TCPSocketAction 4:sleep:core.v1.SleepAction",
  "core.v1.LimitRange": "1:metadata:meta.v1.ObjectMeta 2:spec:core.v1.LimitRangeSpec",
  "core.v1.LimitRangeItem":
    "1:type:s 2:max:{s:resource.Quantity} 3:min:{s:resource.Quantity} 4:default:{s:resource.Quantity} 5:defaultRequest:{s:resource.Quantity} 6:maxLimitRequestRatio:{s:resource.Quantity}",
  "core.v1.LimitRangeSpec": "1:limits:[]core.v1.LimitRangeItem",
  "core.v1.LinuxContainerUser": "1:uid:i 2:gid:i 3:supplementalGroups:[]i",
  "core.v1.LoadBalancerIngress": "1:ip:s 2:hostname:s 3:ipMode:s 4:ports:[]core.v1.PortStatus",
  "core.v1.LoadBalancerStatus": "1:ingress:[]core.v1.LoadBalancerIngress",
  "core.v1.LocalObjectReference": "1:name:s",
  "core.v1.ModifyVolumeStatus": "1:targetVolumeAttributesClassName:s 2:status:s",
  "core.v1.NFSVolumeSource": "1:server:s 2:path:s 3:readOnly:b",
  "core.v1.Namespace":
    "1:metadata:meta.v1.ObjectMeta 2:spec:core.v1.NamespaceSpec 3:status:core.v1.NamespaceStatus",
  "core.v1.NamespaceCondition":
    "1:type:s 2:status:s 4:lastTransitionTime:meta.v1.Time 5:reason:s 6:message:s",
  "core.v1.NamespaceSpec": "1:finalizers:[]s",
  "core.v1.NamespaceStatus": "1:phase:s 2:conditions:[]core.v1.NamespaceCondition",
  "core.v1.NodeAffinity":
    "1:requiredDuringSchedulingIgnoredDuringExecution:core.v1.NodeSelector 2:preferredDuringSchedulingIgnoredDuringExecution:[]core.v1.PreferredSchedulingTerm",
  "core.v1.NodeAllocatableMappedResources": "1:name:s 2:quantity:resource.Quantity",
  "core.v1.NodeAllocatableOverheadResources":
    "1:name:s 2:perPod:resource.Quantity 3:perContainer:resource.Quantity",
  "core.v1.NodeAllocatableResourceClaimStatus":
    "1:resourceClaimName:s 2:containers:[]s 4:mapping:[]core.v1.NodeAllocatableMappedResources 5:overhead:[]core.v1.NodeAllocatableOverheadResources",
  "core.v1.NodeSelector": "1:nodeSelectorTerms:[]core.v1.NodeSelectorTerm",
  "core.v1.NodeSelectorRequirement": "1:key:s 2:operator:s 3:values:[]s",
  "core.v1.NodeSelectorTerm":
    "1:matchExpressions:[]core.v1.NodeSelectorRequirement 2:matchFields:[]core.v1.NodeSelectorRequirement",
  "core.v1.ObjectFieldSelector": "1:apiVersion:s 2:fieldPath:s",
  "core.v1.ObjectReference":
    "1:kind:s 2:namespace:s 3:name:s 4:uid:s 5:apiVersion:s 6:resourceVersion:s 7:fieldPath:s",
  "core.v1.PersistentVolumeClaim":
    "1:metadata:meta.v1.ObjectMeta 2:spec:core.v1.PersistentVolumeClaimSpec 3:status:core.v1.PersistentVolumeClaimStatus",
  "core.v1.PersistentVolumeClaimCondition":
    "1:type:s 2:status:s 3:lastProbeTime:meta.v1.Time 4:lastTransitionTime:meta.v1.Time 5:reason:s 6:message:s",
  "core.v1.PersistentVolumeClaimSpec":
    "1:accessModes:[]s 4:selector:meta.v1.LabelSelector 2:resources:core.v1.VolumeResourceRequirements 3:volumeName:s 5:storageClassName:s 6:volumeMode:s 7:dataSource:core.v1.TypedLocalObjectReference 8:dataSourceRef:core.v1.TypedObjectReference 9:volumeAttributesClassName:s",
  "core.v1.PersistentVolumeClaimStatus":
    "1:phase:s 2:accessModes:[]s 3:capacity:{s:resource.Quantity} 4:conditions:[]core.v1.PersistentVolumeClaimCondition 5:allocatedResources:{s:resource.Quantity} 7:allocatedResourceStatuses:{s:s} 8:currentVolumeAttributesClassName:s 9:modifyVolumeStatus:core.v1.ModifyVolumeStatus 10:healthStatus:core.v1.VolumeHealthStatus",
  "core.v1.PersistentVolumeClaimTemplate":
    "1:metadata:meta.v1.ObjectMeta 2:spec:core.v1.PersistentVolumeClaimSpec",
  "core.v1.PersistentVolumeClaimVolumeSource": "1:claimName:s 2:readOnly:b",
  "core.v1.PhotonPersistentDiskVolumeSource": "1:pdID:s 2:fsType:s",
  "core.v1.Pod": "1:metadata:meta.v1.ObjectMeta 2:spec:core.v1.PodSpec 3:status:core.v1.PodStatus",
  "core.v1.PodAffinity":
    "1:requiredDuringSchedulingIgnoredDuringExecution:[]core.v1.PodAffinityTerm 2:preferredDuringSchedulingIgnoredDuringExecution:[]core.v1.WeightedPodAffinityTerm",
  "core.v1.PodAffinityTerm":
    "1:labelSelector:meta.v1.LabelSelector 2:namespaces:[]s 3:topologyKey:s 4:namespaceSelector:meta.v1.LabelSelector 5:matchLabelKeys:[]s 6:mismatchLabelKeys:[]s",
  "core.v1.PodAntiAffinity":
    "1:requiredDuringSchedulingIgnoredDuringExecution:[]core.v1.PodAffinityTerm 2:preferredDuringSchedulingIgnoredDuringExecution:[]core.v1.WeightedPodAffinityTerm",
  "core.v1.PodCertificateProjection":
    "1:signerName:s 2:keyType:s 3:maxExpirationSeconds:i 4:credentialBundlePath:s 5:keyPath:s 6:certificateChainPath:s 7:userAnnotations:{s:s} 8:user:i",
  "core.v1.PodCondition":
    "1:type:s 7:observedGeneration:i 2:status:s 3:lastProbeTime:meta.v1.Time 4:lastTransitionTime:meta.v1.Time 5:reason:s 6:message:s",
  "core.v1.PodDNSConfig": "1:nameservers:[]s 2:searches:[]s 3:options:[]core.v1.PodDNSConfigOption",
  "core.v1.PodDNSConfigOption": "1:name:s 2:value:s",
  "core.v1.PodExtendedResourceClaimStatus":
    "1:requestMappings:[]core.v1.ContainerExtendedResourceRequest 2:resourceClaimName:s",
  "core.v1.PodIP": "1:ip:s",
  "core.v1.PodOS": "1:name:s",
  "core.v1.PodReadinessGate": "1:conditionType:s",
  "core.v1.PodResourceClaim": "1:name:s 3:resourceClaimName:s 4:resourceClaimTemplateName:s",
  "core.v1.PodResourceClaimStatus": "1:name:s 2:resourceClaimName:s",
  "core.v1.PodSchedulingGate": "1:name:s",
  "core.v1.PodSchedulingGroup": "1:podGroupName:s",
  "core.v1.PodSecurityContext":
    "1:seLinuxOptions:core.v1.SELinuxOptions 8:windowsOptions:core.v1.WindowsSecurityContextOptions 2:runAsUser:i 6:runAsGroup:i 3:runAsNonRoot:b 4:supplementalGroups:[]i 12:supplementalGroupsPolicy:s 5:fsGroup:i 7:sysctls:[]core.v1.Sysctl 9:fsGroupChangePolicy:s 10:seccompProfile:core.v1.SeccompProfile 11:appArmorProfile:core.v1.AppArmorProfile 13:seLinuxChangePolicy:s",
  "core.v1.PodSpec":
    "1:volumes:[]core.v1.Volume 20:initContainers:[]core.v1.Container 2:containers:[]core.v1.Container 34:ephemeralContainers:[]core.v1.EphemeralContainer 3:restartPolicy:s 4:terminationGracePeriodSeconds:i 5:activeDeadlineSeconds:i 6:dnsPolicy:s 7:nodeSelector:{s:s} 8:serviceAccountName:s 9:serviceAccount:s 21:automountServiceAccountToken:b 10:nodeName:s 11:hostNetwork:b 12:hostPID:b 13:hostIPC:b 27:shareProcessNamespace:b 14:securityContext:core.v1.PodSecurityContext 15:imagePullSecrets:[]core.v1.LocalObjectReference 16:hostname:s 17:subdomain:s 18:affinity:core.v1.Affinity 19:schedulerName:s 22:tolerations:[]core.v1.Toleration 23:hostAliases:[]core.v1.HostAlias 24:priorityClassName:s 25:priority:i 26:dnsConfig:core.v1.PodDNSConfig 28:readinessGates:[]core.v1.PodReadinessGate 29:runtimeClassName:s 30:enableServiceLinks:b 31:preemptionPolicy:s 32:overhead:{s:resource.Quantity} 33:topologySpreadConstraints:[]core.v1.TopologySpreadConstraint 35:setHostnameAsFQDN:b 36:os:core.v1.PodOS 37:hostUsers:b 38:schedulingGates:[]core.v1.PodSchedulingGate 39:resourceClaims:[]core.v1.PodResourceClaim 40:resources:core.v1.ResourceRequirements 41:hostnameOverride:s 43:schedulingGroup:core.v1.PodSchedulingGroup 44:evictionResponders:[]core.v1.EvictionResponder",
  "core.v1.PodStatus":
    "17:observedGeneration:i 1:phase:s 2:conditions:[]core.v1.PodCondition 3:message:s 4:reason:s 11:nominatedNodeName:s 5:hostIP:s 16:hostIPs:[]core.v1.HostIP 6:podIP:s 12:podIPs:[]core.v1.PodIP 7:startTime:meta.v1.Time 10:initContainerStatuses:[]core.v1.ContainerStatus 8:containerStatuses:[]core.v1.ContainerStatus 9:qosClass:s 13:ephemeralContainerStatuses:[]core.v1.ContainerStatus 14:resize:s 15:resourceClaimStatuses:[]core.v1.PodResourceClaimStatus 18:extendedResourceClaimStatus:core.v1.PodExtendedResourceClaimStatus 19:allocatedResources:{s:resource.Quantity} 20:resources:core.v1.ResourceRequirements 21:nodeAllocatableResourceClaimStatuses:[]core.v1.NodeAllocatableResourceClaimStatus 22:volumeHealth:[]core.v1.PodVolumeHealth",
  "core.v1.PodTemplateSpec": "1:metadata:meta.v1.ObjectMeta 2:spec:core.v1.PodSpec",
  "core.v1.PodVolumeHealth":
    "1:name:s 2:healthConditions:[]core.v1.VolumeHealthCondition 3:lastTransitionTime:meta.v1.Time",
  "core.v1.PortStatus": "1:port:i 2:protocol:s 3:error:s",
  "core.v1.PortworxVolumeSource": "1:volumeID:s 2:fsType:s 3:readOnly:b",
  "core.v1.PreferredSchedulingTerm": "1:weight:i 2:preference:core.v1.NodeSelectorTerm",
  "core.v1.Probe":
    "1:~handler:core.v1.ProbeHandler 2:initialDelaySeconds:i 3:timeoutSeconds:i 4:periodSeconds:i 5:successThreshold:i 6:failureThreshold:i 7:terminationGracePeriodSeconds:i",
  "core.v1.ProbeHandler":
    "1:exec:core.v1.ExecAction 2:httpGet:core.v1.HTTPGetAction 3:tcpSocket:core.v1.TCPSocketAction 4:grpc:core.v1.GRPCAction",
  "core.v1.ProjectedVolumeSource":
    "1:sources:[]core.v1.VolumeProjection 2:defaultMode:i 3:defaultUser:i",
  "core.v1.QuobyteVolumeSource":
    "1:registry:s 2:volume:s 3:readOnly:b 4:user:s 5:group:s 6:tenant:s",
  "core.v1.RBDVolumeSource":
    "1:monitors:[]s 2:image:s 3:fsType:s 4:pool:s 5:user:s 6:keyring:s 7:secretRef:core.v1.LocalObjectReference 8:readOnly:b",
  "core.v1.ResourceClaim": "1:name:s 2:request:s",
  "core.v1.ResourceFieldSelector": "1:containerName:s 2:resource:s 3:divisor:resource.Quantity",
  "core.v1.ResourceHealth": "1:resourceID:s 2:health:s 6:message:s",
  "core.v1.ResourceQuota":
    "1:metadata:meta.v1.ObjectMeta 2:spec:core.v1.ResourceQuotaSpec 3:status:core.v1.ResourceQuotaStatus",
  "core.v1.ResourceQuotaSpec":
    "1:hard:{s:resource.Quantity} 2:scopes:[]s 3:scopeSelector:core.v1.ScopeSelector",
  "core.v1.ResourceQuotaStatus": "1:hard:{s:resource.Quantity} 2:used:{s:resource.Quantity}",
  "core.v1.ResourceRequirements":
    "1:limits:{s:resource.Quantity} 2:requests:{s:resource.Quantity} 3:claims:[]core.v1.ResourceClaim",
  "core.v1.ResourceStatus": "1:name:s 2:resources:[]core.v1.ResourceHealth",
  "core.v1.SELinuxOptions": "1:user:s 2:role:s 3:type:s 4:level:s",
  "core.v1.ScaleIOVolumeSource":
    "1:gateway:s 2:system:s 3:secretRef:core.v1.LocalObjectReference 4:sslEnabled:b 5:protectionDomain:s 6:storagePool:s 7:storageMode:s 8:volumeName:s 9:fsType:s 10:readOnly:b",
  "core.v1.ScopeSelector": "1:matchExpressions:[]core.v1.ScopedResourceSelectorRequirement",
  "core.v1.ScopedResourceSelectorRequirement": "1:scopeName:s 2:operator:s 3:values:[]s",
  "core.v1.SeccompProfile": "1:type:s 2:localhostProfile:s",
  "core.v1.Secret":
    "1:metadata:meta.v1.ObjectMeta 5:immutable:b 2:data:{s:y} 4:stringData:{s:s} 3:type:s",
  "core.v1.SecretEnvSource": "1:~localObjectReference:core.v1.LocalObjectReference 2:optional:b",
  "core.v1.SecretKeySelector":
    "1:~localObjectReference:core.v1.LocalObjectReference 2:key:s 3:optional:b",
  "core.v1.SecretProjection":
    "1:~localObjectReference:core.v1.LocalObjectReference 2:items:[]core.v1.KeyToPath 4:optional:b",
  "core.v1.SecretVolumeSource":
    "1:secretName:s 2:items:[]core.v1.KeyToPath 3:defaultMode:i 4:optional:b 5:defaultUser:i",
  "core.v1.SecurityContext":
    "1:capabilities:core.v1.Capabilities 2:privileged:b 3:seLinuxOptions:core.v1.SELinuxOptions 10:windowsOptions:core.v1.WindowsSecurityContextOptions 4:runAsUser:i 8:runAsGroup:i 5:runAsNonRoot:b 6:readOnlyRootFilesystem:b 7:allowPrivilegeEscalation:b 9:procMount:s 11:seccompProfile:core.v1.SeccompProfile 12:appArmorProfile:core.v1.AppArmorProfile",
  "core.v1.Service":
    "1:metadata:meta.v1.ObjectMeta 2:spec:core.v1.ServiceSpec 3:status:core.v1.ServiceStatus",
  "core.v1.ServiceAccount":
    "1:metadata:meta.v1.ObjectMeta 2:secrets:[]core.v1.ObjectReference 3:imagePullSecrets:[]core.v1.LocalObjectReference 4:automountServiceAccountToken:b",
  "core.v1.ServiceAccountTokenProjection": "1:audience:s 2:expirationSeconds:i 3:path:s 4:user:i",
  "core.v1.ServicePort":
    "1:name:s 2:protocol:s 6:appProtocol:s 3:port:i 4:targetPort:intstr.IntOrString 5:nodePort:i",
  "core.v1.ServiceSpec":
    "1:ports:[]core.v1.ServicePort 2:selector:{s:s} 3:clusterIP:s 18:clusterIPs:[]s 4:type:s 5:externalIPs:[]s 7:sessionAffinity:s 8:loadBalancerIP:s 9:loadBalancerSourceRanges:[]s 10:externalName:s 11:externalTrafficPolicy:s 12:healthCheckNodePort:i 13:publishNotReadyAddresses:b 14:sessionAffinityConfig:core.v1.SessionAffinityConfig 19:ipFamilies:[]s 17:ipFamilyPolicy:s 20:allocateLoadBalancerNodePorts:b 21:loadBalancerClass:s 22:internalTrafficPolicy:s 23:trafficDistribution:s",
  "core.v1.ServiceStatus":
    "1:loadBalancer:core.v1.LoadBalancerStatus 2:conditions:[]meta.v1.Condition",
  "core.v1.SessionAffinityConfig": "1:clientIP:core.v1.ClientIPConfig",
  "core.v1.SleepAction": "1:seconds:i",
  "core.v1.StorageOSVolumeSource":
    "1:volumeName:s 2:volumeNamespace:s 3:fsType:s 4:readOnly:b 5:secretRef:core.v1.LocalObjectReference",
  "core.v1.Sysctl": "1:name:s 2:value:s",
  "core.v1.TCPSocketAction": "1:port:intstr.IntOrString 2:host:s",
  "core.v1.Toleration": "1:key:s 2:operator:s 3:value:s 4:effect:s 5:tolerationSeconds:i",
  "core.v1.TopologySpreadConstraint":
    "1:maxSkew:i 2:topologyKey:s 3:whenUnsatisfiable:s 4:labelSelector:meta.v1.LabelSelector 5:minDomains:i 6:nodeAffinityPolicy:s 7:nodeTaintsPolicy:s 8:matchLabelKeys:[]s",
  "core.v1.TypedLocalObjectReference": "1:apiGroup:s 2:kind:s 3:name:s",
  "core.v1.TypedObjectReference": "1:apiGroup:s 2:kind:s 3:name:s 4:namespace:s",
  "core.v1.Volume": "1:name:s 2:~volumeSource:core.v1.VolumeSource",
  "core.v1.VolumeDevice": "1:name:s 2:devicePath:s",
  "core.v1.VolumeHealthCondition": "1:status:s 2:reason:s 3:message:s",
  "core.v1.VolumeHealthStatus":
    "1:healthConditions:[]core.v1.VolumeHealthCondition 2:lastTransitionTime:meta.v1.Time",
  "core.v1.VolumeMount":
    "1:name:s 2:readOnly:b 7:recursiveReadOnly:s 3:mountPath:s 4:subPath:s 5:mountPropagation:s 6:subPathExpr:s 8:bindMountOptions:[]s",
  "core.v1.VolumeMountStatus":
    "1:name:s 2:mountPath:s 3:readOnly:b 4:recursiveReadOnly:s 5:volumeStatus:core.v1.VolumeStatus",
  "core.v1.VolumeProjection":
    "1:secret:core.v1.SecretProjection 2:downwardAPI:core.v1.DownwardAPIProjection 3:configMap:core.v1.ConfigMapProjection 4:serviceAccountToken:core.v1.ServiceAccountTokenProjection 5:clusterTrustBundle:core.v1.ClusterTrustBundleProjection 6:podCertificate:core.v1.PodCertificateProjection",
  "core.v1.VolumeResourceRequirements":
    "1:limits:{s:resource.Quantity} 2:requests:{s:resource.Quantity}",
  "core.v1.VolumeSource":
    "1:hostPath:core.v1.HostPathVolumeSource 2:emptyDir:core.v1.EmptyDirVolumeSource 3:gcePersistentDisk:core.v1.GCEPersistentDiskVolumeSource 4:awsElasticBlockStore:core.v1.AWSElasticBlockStoreVolumeSource 5:gitRepo:core.v1.GitRepoVolumeSource 6:secret:core.v1.SecretVolumeSource 7:nfs:core.v1.NFSVolumeSource 8:iscsi:core.v1.ISCSIVolumeSource 9:glusterfs:core.v1.GlusterfsVolumeSource 10:persistentVolumeClaim:core.v1.PersistentVolumeClaimVolumeSource 11:rbd:core.v1.RBDVolumeSource 12:flexVolume:core.v1.FlexVolumeSource 13:cinder:core.v1.CinderVolumeSource 14:cephfs:core.v1.CephFSVolumeSource 15:flocker:core.v1.FlockerVolumeSource 16:downwardAPI:core.v1.DownwardAPIVolumeSource 17:fc:core.v1.FCVolumeSource 18:azureFile:core.v1.AzureFileVolumeSource 19:configMap:core.v1.ConfigMapVolumeSource 20:vsphereVolume:core.v1.VsphereVirtualDiskVolumeSource 21:quobyte:core.v1.QuobyteVolumeSource 22:azureDisk:core.v1.AzureDiskVolumeSource 23:photonPersistentDisk:core.v1.PhotonPersistentDiskVolumeSource 26:projected:core.v1.ProjectedVolumeSource 24:portworxVolume:core.v1.PortworxVolumeSource 25:scaleIO:core.v1.ScaleIOVolumeSource 27:storageos:core.v1.StorageOSVolumeSource 28:csi:core.v1.CSIVolumeSource 29:ephemeral:core.v1.EphemeralVolumeSource 30:image:core.v1.ImageVolumeSource",
  "core.v1.VolumeStatus": "1:image:core.v1.ImageVolumeStatus",
  "core.v1.VsphereVirtualDiskVolumeSource":
    "1:volumePath:s 2:fsType:s 3:storagePolicyName:s 4:storagePolicyID:s",
  "core.v1.WeightedPodAffinityTerm": "1:weight:i 2:podAffinityTerm:core.v1.PodAffinityTerm",
  "core.v1.WindowsSecurityContextOptions":
    "1:gmsaCredentialSpecName:s 2:gmsaCredentialSpec:s 3:runAsUserName:s 4:hostProcess:b",
};
