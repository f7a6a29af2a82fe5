// The learner's message catalogue: Bahasa Indonesia first, English second. Components never hold user-facing text.
// Texts used only by staff screens (monitoring, operator, admin, authoring) live in `staff-messages.ts`, which
// those screens load with their own chunks, so a learner's phone never downloads them (first-visit budget).
// Texts used only by learner screens that load on demand (lesson, quiz, results, certificates, settings …) live in
// `screen-messages.ts`: precached for offline use, but not part of the first load.
import type { ScreenMessageKey } from './screen-messages';
import type { StaffMessageKey } from './staff-messages';

export const id = {
  'app.name': 'Lentera',
  'app.tagline': 'Belajar untuk pamong desa — tetap jalan tanpa sinyal.',
  'app.version': 'Versi {version}',
  'nav.home': 'Beranda',
  'nav.settings': 'Pengaturan',
  'nav.signIn': 'Masuk',
  'nav.main': 'Navigasi utama',
  'status.offline': 'Tanpa sinyal — semua tetap tersimpan di ponsel',
  'update.available': 'Versi baru Lentera tersedia.',
  'update.waitingForWork': 'Versi baru akan dipasang setelah kuis selesai atau disimpan.',
  'update.accept': 'Perbarui sekarang',
  'update.later': 'Nanti',
  offlineReady: 'Lentera siap dipakai tanpa sinyal.',
  'home.title': 'Kursus saya',
  'home.empty': 'Belum ada kursus di ponsel ini. Unduh kursus saat ada sinyal, lalu belajar kapan saja.',
  'home.openCatalog': 'Buka katalog kursus',
  'signIn.username': 'Nama pengguna',
  'settings.language.id': 'Bahasa Indonesia',
  'settings.language.en': 'English',
  // Hub kantor (kecamatan hub, phone side)
  'hub.held': '{count} catatan disimpan di hub kantor, menunggu dikirim ke server pusat.',
  'notFound.title': 'Halaman tidak ditemukan',
  'notFound.back': 'Kembali ke beranda',
  // Course catalogue, downloads and storage
  'nav.catalog': 'Katalog',
  // Home, profiles, PIN, lessons, quiz, results (uncommitted at the time; restored from the built bundle
  // after an accidental truncation of this file — comments of this block were lost, texts are the originals).
  'home.greeting': 'Halo, {name}',
  'home.pending': '{count} jawaban dan catatan belajar menunggu dikirim',
  'home.pending.none': 'Semua jawaban sudah terkirim.',
  'nav.backHome': 'Kembali ke beranda',
  'profiles.welcome': 'Selamat datang di Lentera',
  'profiles.signInFirst': 'Masuk untuk mulai belajar',
  'profiles.title': 'Siapa yang belajar?',
  'profiles.intro': 'Pilih nama Anda, lalu ketik PIN. Setiap pengguna hanya melihat kemajuan dan jawabannya sendiri.',
  'profiles.noPin': 'PIN belum dibuat',
  'profiles.add': 'Tambah pengguna lain di ponsel ini',
  'profiles.switch': 'Ganti pengguna',
  'pin.set.title': 'Buat PIN untuk {name}',
  'pin.set.intro': 'PIN membuka profil Anda di ponsel ini, juga tanpa sinyal. Pakai 4 sampai 8 angka.',
  'pin.new': 'PIN baru',
  'pin.repeat': 'Ulangi PIN',
  'pin.set.submit': 'Simpan PIN',
  'pin.error.format': 'PIN harus 4 sampai 8 angka.',
  'pin.error.mismatch': 'Kedua PIN tidak sama.',
  'pin.unlock.title': 'PIN untuk {name}',
  'pin.label': 'PIN',
  'pin.unlock.submit': 'Buka',
  'pin.unlock.other': 'Pilih pengguna lain',
  'pin.error.wrong': 'PIN salah. Coba lagi.',
  'pin.error.wait': 'Terlalu banyak PIN salah. Tunggu 30 detik.',
  'pin.forgot': 'Lupa PIN? Masuk lagi dengan kata sandi (perlu sinyal).',
  'install.title': 'Pasang Lentera di layar utama',
  'install.intro': 'Buka Lentera seperti aplikasi biasa, juga tanpa sinyal.',
  'install.ios': 'Di iPhone: ketuk tombol Bagikan, lalu pilih “Tambah ke Layar Utama”.',
  'install.accept': 'Pasang',
  'install.dismiss': 'Nanti saja',
  'progress.percent': '{percent}% selesai',
  'progress.lessons': '{read} dari {total} materi sudah dibaca',
  'progress.summary': '{read} dari {total} materi sudah dibaca · {percent}% selesai',
  'progress.complete': 'Kursus selesai',
  'progress.moduleComplete': 'Modul selesai',
  'course.missing': 'Kursus ini tidak ada di ponsel ini',
  'lesson.read': 'Sudah dibaca',
  'lesson.unread': 'Belum dibaca',
  'quiz.role.practice': 'Latihan',
  'quiz.role.pretest': 'Pre-test',
  'quiz.role.posttest': 'Post-test',
  'quiz.status.new': 'Belum dikerjakan',
  'quiz.status.open': 'Lanjutkan: {answered} dari {total} soal dijawab',
  'quiz.status.passed': 'Lulus dengan nilai {score}',
  'quiz.status.scored': 'Nilai terakhir {score}',
  'result.pending': 'Menunggu penilaian',
  'history.link': 'Riwayat kuis',
  // Quiz policy and review after grading: closed quizzes, over-limit attempts, the review, Riwayat pre → post.
  // Monitoring and evaluation: /pantau reports and /operator bulk enrolment (their texts: staff-messages.ts).
  'nav.pantau': 'Pantau',
  'nav.operator': 'Pendaftaran',
  // Sync, sign-in with an enrolment code, operator enrolment.
  'sync.now': 'Sinkronkan sekarang',
  'sync.running': 'Sedang mengirim… {done} dari {total}',
  'sync.runningShort': 'Sedang menyinkronkan…',
  'sync.last': 'Terakhir berhasil: {time}',
  'sync.never': 'Belum pernah tersinkron dengan server.',
  'sync.error.offline': 'Tidak ada sinyal. Data tetap aman di ponsel dan akan dikirim otomatis saat ada sinyal.',
  'sync.error.server': 'Server sedang sibuk atau bermasalah. Lentera akan mencoba lagi sebentar lagi.',
  'sync.error.signIn': 'Masa masuk sudah habis. Masuk lagi saat ada sinyal supaya data bisa dikirim.',
  'sync.dead.title': '{count} catatan tidak bisa dikirim',
  'sync.dead.intro':
    'Catatan berikut ditolak server dan tidak akan dikirim lagi. Catatan lain tetap dikirim. Tunjukkan daftar ini ke operator kecamatan.',
  'sync.kind.answer': 'Jawaban',
  'sync.kind.attempt': 'Kuis selesai',
  'sync.kind.progress': 'Kemajuan materi',
  'sync.reason.unknown_quiz': 'Kuis ini tidak dikenal server (mungkin versi kursus sudah ditarik).',
  'sync.reason.unknown_course': 'Kursus ini tidak dikenal server.',
  'sync.reason.unknown_lesson': 'Materi ini tidak ada di kursus yang diterbitkan server.',
  'sync.reason.forbidden': 'Catatan ini milik pengguna lain.',
  'sync.reason.invalid_item': 'Catatan rusak dan tidak bisa dibaca server.',
  'sync.reason.invalid_hlc': 'Waktu pada catatan ini rusak.',
  'sync.reason.mode_mismatch': 'Jenis kuis tidak cocok dengan yang ada di server.',
  'sync.reason.conflict': 'Server sudah menyimpan catatan lain dengan nomor yang sama; yang di server dipertahankan.',
  'sync.reason.too_large': 'Catatan terlalu besar untuk dikirim.',
  'sync.reason.server_error_persistent':
    'Server gagal setiap kali menerima catatan ini, padahal catatan lain diterima. Catatan lain tetap dikirim.',
  'sync.reason.other': 'Ditolak server (kode: {code}).',
  'storage.wiped':
    'Data Lentera di ponsel ini telah dihapus oleh browser (penyimpanan penuh atau data situs dibersihkan). Yang sudah tersinkron aman di server; masuk lagi dan unduh ulang kursus. Tekan "Jaga data tetap tersimpan" di Pengaturan agar tidak terulang.',
  'storage.wiped.dismiss': 'Mengerti',
  'sync.error.quota':
    'Penyimpanan ponsel penuh, jadi hasil sinkronisasi tidak bisa dicatat. Hapus kursus yang tidak dipakai di Pengaturan → Penyimpanan; data Anda tetap aman.',
  // Device keys, signed result files ("Kirim lewat file") and their upload by an operator.
  'resultFile.title': 'Kirim lewat file',
  'resultFile.intro':
    'Tanpa sinyal? Simpan hasil yang belum terkirim sebagai satu file bertanda tangan, lalu kirim lewat WhatsApp, Bluetooth atau kartu memori ke operator kecamatan.',
  'resultFile.button': 'Kirim lewat file',
  'resultFile.busy': 'Menyiapkan file…',
  'resultFile.nothing': 'Tidak ada hasil yang menunggu dikirim.',
  'resultFile.written': '{count} catatan disimpan di file {name}.',
  'resultFile.shared': '{count} catatan dibagikan dalam file {name}.',
  'resultFile.carried': '{count} catatan dibawa lewat file, menunggu konfirmasi server.',
  'resultFile.needsKey':
    'Ponsel ini belum terdaftar untuk menandatangani file. Sinkronkan sekali saat ada sinyal, lalu coba lagi.',
  'resultFile.failed': 'File hasil tidak dapat dibuat. Coba lagi.',
  // Certificates: "Sertifikat saya", the certificate page and PDF, "Periksa sertifikat" (docs/certificates.md).
  'certificates.link': 'Sertifikat saya',
  'verify.link': 'Periksa sertifikat',

  // Video lessons: captions, text-only downloads, PDFs opened in the phone's PDF app.
  // Courses by file: share an installed course, import one offline (src/app/courses/ShareCourseButton.tsx, ImportCourseFile.tsx)
  'courseFile.share': 'Bagikan kursus',
  'courseFile.shareHint':
    'Kirim kursus ini sebagai satu file ke ponsel lain (WhatsApp, Bluetooth, kartu SD). Tidak perlu sinyal.',
  'courseFile.sharing': 'Menyiapkan file kursus…',
  'courseFile.shareTitle': 'Kursus Lentera: {title}',
  'courseFile.saved':
    'File {name} ({size}) disimpan di folder Unduhan. Kirim file itu ke ponsel lain, lalu impor di sana.',
  'courseFile.sharedOk': 'File kursus dibagikan.',
  'courseFile.shareError.not_installed': 'Kursus ini tidak terpasang di ponsel ini.',
  'courseFile.shareError.envelope_missing':
    'Kursus ini dipasang sebelum fitur berbagi ada. Sambungkan ke internet sekali, lalu coba lagi.',
  'courseFile.shareError.files_missing': 'Sebagian file kursus ini hilang dari ponsel. Unduh ulang kursus ini dulu.',
  'courseFile.shareError.failed': 'File kursus tidak bisa dibuat. Coba lagi.',
  // Authoring (courses written in the browser): the author API's errors
  // Question editor (browser authoring)
  // Authoring screens (courses written in the browser)
  'nav.authoring': 'Penulisan kursus',
  // Kecamatan hub (server answers an admin or operator may see; docs/hub.md)
  // Admin (staff accounts, audit log), the operator's learners list and desa picker, monitor charts.
} as const;

/** A message of the learner's catalogue (this file, in the first load). */
export type LearnerMessageKey = keyof typeof id;
/** Any message: the learner's, or one of the staff screens' (`staff-messages.ts`, loaded with those screens). */
export type MessageKey = LearnerMessageKey | ScreenMessageKey | StaffMessageKey;

/** English: every key of `id`, enforced by the type. */
export const en: Record<LearnerMessageKey, string> = {
  'app.name': 'Lentera',
  'app.tagline': 'Learning for village officials — works without a signal.',
  'app.version': 'Version {version}',
  'nav.home': 'Home',
  'nav.settings': 'Settings',
  'nav.signIn': 'Sign in',
  'nav.main': 'Main navigation',
  'status.offline': 'No signal — everything is still saved on this phone',
  'update.available': 'A new version of Lentera is available.',
  'update.waitingForWork': 'The new version will be installed once the quiz is finished or saved.',
  'update.accept': 'Update now',
  'update.later': 'Later',
  offlineReady: 'Lentera is ready to work without a signal.',
  'home.title': 'My courses',
  'home.empty': 'No courses on this phone yet. Download a course while you have a signal, then study any time.',
  'home.openCatalog': 'Open the course catalogue',
  'signIn.username': 'Username',
  'settings.language.id': 'Bahasa Indonesia',
  'settings.language.en': 'English',
  // Hub kantor (kecamatan hub, phone side)
  'hub.held': '{count} records kept at the office hub, waiting to be sent to the national server.',
  'notFound.title': 'Page not found',
  'notFound.back': 'Back to home',
  // Course catalogue, downloads and storage
  'nav.catalog': 'Catalogue',
  // Home, profiles, PIN, lessons, quiz, results (uncommitted at the time; restored from the built bundle
  // after an accidental truncation of this file — comments of this block were lost, texts are the originals).
  'home.greeting': 'Hello, {name}',
  'home.pending': '{count} answers and study records waiting to be sent',
  'home.pending.none': 'All answers have been sent.',
  'nav.backHome': 'Back to home',
  'profiles.welcome': 'Welcome to Lentera',
  'profiles.signInFirst': 'Sign in to start learning',
  'profiles.title': 'Who is learning?',
  'profiles.intro': 'Choose your name, then type your PIN. Each user sees only their own progress and answers.',
  'profiles.noPin': 'No PIN yet',
  'profiles.add': 'Add another user on this phone',
  'profiles.switch': 'Switch user',
  'pin.set.title': 'Create a PIN for {name}',
  'pin.set.intro': 'The PIN opens your profile on this phone, also without a signal. Use 4 to 8 digits.',
  'pin.new': 'New PIN',
  'pin.repeat': 'Repeat the PIN',
  'pin.set.submit': 'Save PIN',
  'pin.error.format': 'The PIN must be 4 to 8 digits.',
  'pin.error.mismatch': 'The two PINs are not the same.',
  'pin.unlock.title': 'PIN for {name}',
  'pin.label': 'PIN',
  'pin.unlock.submit': 'Open',
  'pin.unlock.other': 'Choose another user',
  'pin.error.wrong': 'Wrong PIN. Try again.',
  'pin.error.wait': 'Too many wrong PINs. Wait 30 seconds.',
  'pin.forgot': 'Forgot your PIN? Sign in again with your password (needs a signal).',
  'install.title': 'Add Lentera to your home screen',
  'install.intro': 'Open Lentera like any app, also without a signal.',
  'install.ios': 'On iPhone: tap the Share button, then choose “Add to Home Screen”.',
  'install.accept': 'Install',
  'install.dismiss': 'Not now',
  'progress.percent': '{percent}% done',
  'progress.lessons': '{read} of {total} lessons read',
  'progress.summary': '{read} of {total} lessons read · {percent}% done',
  'progress.complete': 'Course completed',
  'progress.moduleComplete': 'Module completed',
  'course.missing': 'This course is not on this phone',
  'lesson.read': 'Read',
  'lesson.unread': 'Not read yet',
  'quiz.role.practice': 'Practice',
  'quiz.role.pretest': 'Pre-test',
  'quiz.role.posttest': 'Post-test',
  'quiz.status.new': 'Not started',
  'quiz.status.open': 'Continue: {answered} of {total} questions answered',
  'quiz.status.passed': 'Passed with {score}',
  'quiz.status.scored': 'Last score {score}',
  'result.pending': 'Waiting for grading',
  'history.link': 'Quiz history',
  // Quiz policy and review after grading.
  // Monitoring and evaluation.
  'nav.pantau': 'Monitor',
  'nav.operator': 'Enrolment',
  // Sync, sign-in with an enrolment code, operator enrolment.
  'sync.now': 'Sync now',
  'sync.running': 'Sending… {done} of {total}',
  'sync.runningShort': 'Syncing…',
  'sync.last': 'Last successful sync: {time}',
  'sync.never': 'Never synced with the server yet.',
  'sync.error.offline':
    'No signal. Your data is safe on this phone and will be sent automatically when there is a signal.',
  'sync.error.server': 'The server is busy or having trouble. Lentera will try again shortly.',
  'sync.error.signIn': 'Your sign-in has expired. Sign in again when you have a signal so your data can be sent.',
  'sync.dead.title': '{count} records could not be sent',
  'sync.dead.intro':
    'The server refused these records and they will not be sent again. Everything else is still sent. Show this list to the kecamatan operator.',
  'sync.kind.answer': 'Answer',
  'sync.kind.attempt': 'Finished quiz',
  'sync.kind.progress': 'Lesson progress',
  'sync.reason.unknown_quiz': 'The server does not know this quiz (the course version may have been withdrawn).',
  'sync.reason.unknown_course': 'The server does not know this course.',
  'sync.reason.unknown_lesson': 'This lesson is not in any course version the server published.',
  'sync.reason.forbidden': 'This record belongs to another user.',
  'sync.reason.invalid_item': 'The record is damaged and the server cannot read it.',
  'sync.reason.invalid_hlc': 'The time on this record is damaged.',
  'sync.reason.mode_mismatch': 'The quiz type does not match the server’s.',
  'sync.reason.conflict':
    'The server already holds a different record with the same number; the server’s copy is kept.',
  'sync.reason.too_large': 'The record is too large to send.',
  'sync.reason.server_error_persistent':
    'The server failed every time it received this record, while it accepted others. Everything else is still sent.',
  'sync.reason.other': 'Refused by the server (code: {code}).',
  'storage.wiped':
    'The browser deleted Lentera’s data on this phone (storage full or site data cleared). Whatever was synced is safe on the server; sign in again and download your courses again. Press "Keep data stored" in Settings so it does not happen again.',
  'storage.wiped.dismiss': 'Got it',
  'sync.error.quota':
    'The phone’s storage is full, so the sync result cannot be recorded. Remove unused courses in Settings → Storage; your data is safe.',
  // Device keys, signed result files ("Kirim lewat file") and their upload by an operator.
  'resultFile.title': 'Send by file',
  'resultFile.intro':
    'No signal? Save the results not yet sent as one signed file, then send it by WhatsApp, Bluetooth or memory card to the kecamatan operator.',
  'resultFile.button': 'Send by file',
  'resultFile.busy': 'Preparing the file…',
  'resultFile.nothing': 'No results are waiting to be sent.',
  'resultFile.written': '{count} records saved in the file {name}.',
  'resultFile.shared': '{count} records shared in the file {name}.',
  'resultFile.carried': '{count} records carried by file, waiting for the server to confirm.',
  'resultFile.needsKey':
    'This phone is not yet registered to sign files. Sync once while there is a signal, then try again.',
  'resultFile.failed': 'The result file could not be made. Try again.',
  // Certificates: "Sertifikat saya", the certificate page and PDF, "Periksa sertifikat" (docs/certificates.md).
  'certificates.link': 'My certificates',
  'verify.link': 'Check a certificate',

  // Video lessons: captions, text-only downloads, PDFs opened in the phone's PDF app.
  // Courses by file
  'courseFile.share': 'Share course',
  'courseFile.shareHint':
    'Send this course as one file to another phone (WhatsApp, Bluetooth, SD card). No signal needed.',
  'courseFile.sharing': 'Preparing the course file…',
  'courseFile.shareTitle': 'Lentera course: {title}',
  'courseFile.saved': 'The file {name} ({size}) was saved to Downloads. Send it to another phone and import it there.',
  'courseFile.sharedOk': 'Course file shared.',
  'courseFile.shareError.not_installed': 'This course is not installed on this phone.',
  'courseFile.shareError.envelope_missing':
    'This course was installed before sharing existed. Connect to the internet once, then try again.',
  'courseFile.shareError.files_missing':
    'Some files of this course are missing on this phone. Download it again first.',
  'courseFile.shareError.failed': 'The course file could not be made. Try again.',
  // Authoring (courses written in the browser): the author API's errors
  // Question editor (browser authoring)
  // Authoring screens (courses written in the browser)
  'nav.authoring': 'Course authoring',
  // Kecamatan hub
  // Admin (staff accounts, audit log), the operator's learners list and desa picker, monitor charts.
};

export const catalogues = { id, en } as const;
export type Language = keyof typeof catalogues;
