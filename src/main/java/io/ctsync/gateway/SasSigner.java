package io.ctsync.gateway;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;

/** Signs a SAS token for one blob with whatever the gateway authenticated with. */
@FunctionalInterface
interface SasSigner {

    String sign(BlobClient blob, BlobServiceSasSignatureValues values);

    /** With a connection string: the account key signs (a service SAS). */
    static SasSigner accountKey() {
        return BlobClient::generateSas;
    }

    /**
     * With an Entra ID identity there is no key to sign with: a user-delegation key, valid until
     * the SAS expires, is requested for each content (one call, and contents are minutes apart).
     */
    static SasSigner userDelegation(BlobServiceClient service) {
        return (blob, values) -> blob.generateUserDelegationSas(values, service.getUserDelegationKey(null, values.getExpiryTime()));
    }
}
