// Encrypts workbooks with Apache POI (Debian: libapache-poi-java), so a
// password is needed to open them. Usage:
//   java -cp CLASSPATH Encrypt.java agile|standard IN.xlsx OUT.xlsx PASSWORD
//   java -cp CLASSPATH Encrypt.java xor|rc4|cryptoapi IN.xls OUT.xls PASSWORD
// agile and standard: ECMA-376 encryption of the whole OOXML package (an OLE
// compound file with EncryptionInfo and EncryptedPackage streams). agile
// needs POI's ooxml-security schemas, which Debian's libapache-poi-java
// lacks, so make.sh uses msoffcrypto-tool for agile.
// xor, rc4, cryptoapi: the .xls schemes of a FilePass record (XOR
// obfuscation, RC4 binary, RC4 CryptoAPI); POI re-writes the workbook.
// POI 4.0.1's xor output cannot be read back (make.sh uses xls_xor.py).
import java.io.*;
import java.nio.file.*;
import org.apache.poi.hssf.record.FilePassRecord;
import org.apache.poi.hssf.record.crypto.Biff8EncryptionKey;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.crypt.*;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;

public class Encrypt {
    public static void main(String[] a) throws Exception {
        String mode = a[0], in = a[1], out = a[2], password = a[3];
        if (mode.equals("agile") || mode.equals("standard")) {
            EncryptionInfo info = new EncryptionInfo(mode.equals("agile") ? EncryptionMode.agile : EncryptionMode.standard);
            Encryptor enc = info.getEncryptor();
            enc.confirmPassword(password);
            try (POIFSFileSystem fs = new POIFSFileSystem()) {
                try (OutputStream os = enc.getDataStream(fs)) {
                    Files.copy(Paths.get(in), os);
                }
                try (OutputStream fos = new FileOutputStream(out)) {
                    fs.writeFilesystem(fos);
                }
            }
            return;
        }
        EncryptionMode m = mode.equals("xor") ? EncryptionMode.xor
            : mode.equals("rc4") ? EncryptionMode.binaryRC4 : EncryptionMode.cryptoAPI;
        try (HSSFWorkbook wb = new HSSFWorkbook(new FileInputStream(in))) {
            // A FilePass record right after the workbook's BOF chooses the scheme;
            // POI encrypts the records with it when the workbook is written.
            FilePassRecord pass = new FilePassRecord(m);
            if (m != EncryptionMode.cryptoAPI) {
                // XOR and RC4 leave the property sets in clear (only CryptoAPI
                // can encrypt them): tell POI so (fDocProps, bit 0x08).
                java.lang.reflect.Field flags = EncryptionInfo.class.getDeclaredField("encryptionFlags");
                flags.setAccessible(true);
                flags.setInt(pass.getEncryptionInfo(), flags.getInt(pass.getEncryptionInfo()) | 0x08);
            }
            wb.getInternalWorkbook().getWorkbookRecordList().add(1, pass);
            Biff8EncryptionKey.setCurrentUserPassword(password);
            try (OutputStream fos = new FileOutputStream(out)) {
                wb.write(fos);
            }
            Biff8EncryptionKey.setCurrentUserPassword(null);
        }
    }
}
