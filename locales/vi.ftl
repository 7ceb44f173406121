# Nhãn tiếng Việt của các báo cáo. Mỗi thông điệp có bản tiếng Anh tương
# ứng trong en.ftl; một kiểm thử bảo đảm hai tệp có cùng các mã thông điệp.

header = cloudcensus { $version } — số liệu ngày { $date } ({ $mode }): { $agencies } cơ quan, đơn vị; { $systems } hệ thống
header-retired = (thêm { $retired } hệ thống đã ngừng sử dụng, không tính)
header-retiring = ({ $retiring } hệ thống sắp ngừng sử dụng, không tính vào tỷ lệ trên điện toán đám mây)
header-scope-agencies = (cơ quan, đơn vị: { $list })
header-scope-tags = (hệ thống có nhãn: { $list })
mode-online = có kiểm tra trực tuyến
mode-offline = không kiểm tra trực tuyến

probed = Đã kiểm tra { $endpoints } địa chỉ trong { $seconds } giây: { $answered } địa chỉ phản hồi
probed-errors = , { $failed } địa chỉ lỗi ({ $classes })

section-targets = Chỉ tiêu
section-agencies = Cơ quan, đơn vị
section-failing = Nội dung chưa đạt ({ $count })
section-fix = Cách khắc phục
section-waivers = Trường hợp miễn trừ cần xem lại
no-failing = Không có nội dung chưa đạt.

col-target = Chỉ tiêu
col-current = Hiện tại
col-goal = Mục tiêu
col-deadline = Thời hạn
col-status = Tình trạng
col-measured = Cơ sở tính
col-agency = Mã đơn vị
col-name = Tên cơ quan, đơn vị
col-systems = Số hệ thống
col-on-cloud = Trên điện toán đám mây
col-services-online = DVC trực tuyến toàn trình
col-compliance = Mức tuân thủ
col-severity = Mức độ
col-rule = Quy tắc
col-system = Hệ thống
col-endpoint = Địa chỉ
col-finding = Nội dung
col-failing = Số trường hợp
col-rule-title = Nội dung quy tắc
col-remediation = Cách khắc phục
col-state = Tình trạng
col-expires = Hết hạn
col-where = Vị trí
# Dòng tổng cộng. Tên dòng lấy theo tổ chức (thành phố, tỉnh, bộ): xem
# hàm `whole_cell` trong src/report/cells.rs.
row-all = toàn bộ
row-total = tổng cộng
whole-province = toàn tỉnh
whole-city = toàn thành phố
whole-ministry = toàn Bộ

measured = { $numerator }/{ $denominator } { $unit }
measured-unknown = , { $count } chưa xác định
unit-services = dịch vụ
unit-agencies = cơ quan, đơn vị
unit-systems = hệ thống

status-met = đã đạt
status-on-track = đúng tiến độ
status-behind = chậm tiến độ
status-missed = không đạt (mới đạt { $value })
status-no-trend = chưa đạt; chưa đủ dữ liệu để dự báo
status-no-data = chưa có số liệu

severity-critical = nghiêm trọng
severity-high = cao
severity-medium = trung bình
severity-low = thấp
severity-info = thông tin

checks = { $total } lượt kiểm tra: { $pass } đạt, { $fail } chưa đạt, { $waived } được miễn trừ, { $unknown } chưa xác định, { $error } lỗi. Chưa đạt theo mức độ: { $severities }.
rule-errors = Một số quy tắc không đánh giá được (mọi kết quả `error` có trong --format json):
rule-error-line = { $rule }: lỗi trên { $systems } hệ thống, ví dụ: { $example }

summary-header = cloudcensus { $version }: kết quả rà soát ngày { $date } ({ $mode }): { $agencies } cơ quan, đơn vị; { $systems } hệ thống
summary-targets = Chỉ tiêu:
summary-target = { $value } (mục tiêu { $goal }, thời hạn { $deadline })
summary-failing = Nội dung chưa đạt: { $count } ({ $severities })
summary-agencies = Cơ quan, đơn vị có nội dung chưa đạt: { $count }
summary-more = và { $count } đơn vị khác
summary-errors = { $count } kết quả lỗi khi đánh giá quy tắc:
summary-reports = Báo cáo: { $list }

mail-subject = [cloudcensus] { $cloud } hệ thống trên điện toán đám mây, { $agencies } cơ quan, đơn vị có nội dung chưa đạt
mail-sent = Đã gửi thư tới { $to } ({ $size } KiB).

# Each agency its own report (issue 15, item 5)
mail-subject-agency = [cloudcensus] { $agency }: { $cloud } hệ thống trên điện toán đám mây, { $failing } nội dung chưa đạt
mail-for-whole = thư báo cáo chung
mail-for-agency = cơ quan, đơn vị { $agency }
mail-sent-agency = Đã gửi thư tới { $who } theo địa chỉ { $to } ({ $size } KiB).
mail-dry-run = Chạy thử: không gửi thư nào. Các thư sẽ được gửi:
mail-would-send = { $who }: gửi tới { $to }, tiêu đề "{ $subject }", tệp đính kèm: { $attachments } ({ $size } KiB)
mail-no-attachment = không có
mail-no-contact = CHƯA GỬI ĐƯỢC BÁO CÁO cho { $count } cơ quan, đơn vị chưa khai báo địa chỉ liên hệ: { $list }. Đề nghị bổ sung trường `contact:` trong tệp danh mục của các cơ quan, đơn vị này.
per-agency-written = Báo cáo riêng của từng cơ quan, đơn vị: { $count } tệp trong thư mục { $dir }.
err-mail-refused = máy chủ SMTP từ chối địa chỉ { $addresses }: { $reason }
err-mail-agency = không gửi được thư cho cơ quan, đơn vị `{ $agency }`: { $reason }
err-mail-not-connected = chưa gửi: không kết nối được tới máy chủ SMTP { $host }:{ $port } ở lần gửi trước trong lần chạy này
diag-agency-no-contact = cơ quan, đơn vị `{ $id }` chưa khai báo `contact`: không gửi được báo cáo riêng theo --email-agencies
diag-hint-agency-contact = bổ sung `contact: it@example.gov.vn` trong mục `agency:` (nhiều địa chỉ thì cách nhau bằng dấu phẩy hoặc ghi thành danh sách)

html-title = Báo cáo rà soát chuyển đổi lên điện toán đám mây và bảo đảm an toàn thông tin
html-chart-title = Mức tuân thủ của các cơ quan, đơn vị (từ thấp đến cao)
html-compliance-note = Tỷ lệ lượt kiểm tra đạt hoặc được miễn trừ trên tổng số lượt kiểm tra đã có kết quả.
html-gauge-goal = mục tiêu { $goal }
html-probe-facts = Kết quả kiểm tra các địa chỉ
html-no-probes = Lần rà soát này không kiểm tra trực tuyến các địa chỉ.
html-mail-facts = Kết quả kiểm tra tên miền thư điện tử
html-mail-agencies = Cơ quan, đơn vị khai báo
html-mail-not-protected = chưa áp dụng DMARC p=reject
html-probe-dns = Địa chỉ IP (DNS)
html-probe-result = Kết quả
html-probe-status = Mã trạng thái HTTP
html-probe-tls = Phiên bản TLS
html-probe-cert = Chứng thư số
html-probe-hsts = HSTS (bắt buộc HTTPS)
html-probe-redirect = Tự động chuyển HTTP sang HTTPS
html-probe-provider = Nhà cung cấp xác định qua DNS
html-probe-title = Tiêu đề trang
html-reachable = truy cập được
html-unreachable = không truy cập được
html-yes = có
html-no = không
html-none = không có
html-cert-valid = hợp lệ; số ngày còn hiệu lực: { $days }
html-cert-problem = { $problem }; số ngày còn hiệu lực: { $days }
html-cert-expired = đã hết hạn
html-cert-not-yet-valid = chưa đến ngày có hiệu lực
html-cert-self-signed = tự ký
html-cert-unknown-issuer = không rõ tổ chức cấp
html-cert-hostname-mismatch = không khớp tên miền
html-cert-invalid = không hợp lệ
html-hsts-max-age = max-age { $seconds } giây
html-footer = Báo cáo do cloudcensus { $version } lập, số liệu ngày { $date }. Trang báo cáo độc lập, không tải nội dung nào từ mạng.

# `cloudcensus config`: các thiết lập đang áp dụng và nguồn của từng thiết lập.
config-file = Tệp cấu hình: { $path } ({ $how })
config-found-named = chỉ định bằng { $by }
config-found-here = tìm thấy tại thư mục đang làm việc
config-found-user = tìm thấy tại thư mục cấu hình của người dùng
config-none = Không có tệp cấu hình (đã tìm ./cloudcensus.toml, sau đó $XDG_CONFIG_HOME/cloudcensus/config.toml): các thiết lập lấy từ tham số dòng lệnh, biến môi trường và giá trị mặc định.
config-source-flag = tham số { $flag }
config-source-env = biến môi trường { $variable }
config-source-file = tệp { $place }
config-source-locale = ngôn ngữ của hệ thống ({ $variable })
config-source-default = mặc định
config-format-auto = dạng bảng khi chạy trên màn hình dòng lệnh, nếu không thì bản tóm tắt
config-history-none = chưa có (biến HOME chưa được đặt)
config-password-set = đã đặt
config-password-file = đọc từ tệp smtp_password_file
config-password-not-set = chưa đặt

# Tên cột của tệp CSV.
csv-severity = Mức độ
csv-outcome = Kết quả
csv-rule = Mã quy tắc
csv-rule_title = Nội dung quy tắc
csv-agency = Mã đơn vị
csv-agency_name = Tên cơ quan, đơn vị
csv-system = Mã hệ thống
csv-system_name = Tên hệ thống
csv-endpoint = Địa chỉ
csv-detail = Chi tiết
csv-remediation = Cách khắc phục
csv-file = Tệp kê khai
csv-line = Dòng
csv-id = Mã đơn vị
csv-name = Tên cơ quan, đơn vị
csv-kind = Loại hình
csv-systems = Số hệ thống
csv-retired_systems = Số hệ thống đã ngừng sử dụng
csv-retiring_systems = Số hệ thống sắp ngừng sử dụng
csv-on_cloud = Số hệ thống trên điện toán đám mây
csv-on_cloud_percent = Tỷ lệ trên điện toán đám mây (%)
csv-services_total = Tổng số dịch vụ công
csv-services_fully_online = Số DVC trực tuyến toàn trình
csv-services_online_percent = Tỷ lệ DVC trực tuyến toàn trình (%)
csv-failing_critical = Chưa đạt - nghiêm trọng
csv-failing_high = Chưa đạt - cao
csv-failing_medium = Chưa đạt - trung bình
csv-failing_low = Chưa đạt - thấp
csv-failing_info = Chưa đạt - thông tin
csv-compliance_percent = Mức tuân thủ (%)

summary-changes = So với lần rà soát ngày { $date }: { $new } nội dung mới chưa đạt, { $fixed } nội dung đã khắc phục.
changes-waived = { $count } nội dung chưa đạt lần trước nay được miễn trừ (không tính là đã khắc phục).
changes-undecided = { $count } nội dung chưa đạt lần trước nay chưa xác định được kết quả (không tính là đã khắc phục).
changes-rules-count = { $count } quy tắc
changes-policy = Bộ quy tắc đã thay đổi so với lần rà soát trước ({ $rules }): { $came } nội dung chưa đạt phát sinh và { $went } nội dung không còn do thay đổi này, không tính là mới phát sinh hay đã khắc phục.
changes-policy-texts = Tệp chính sách đã thay đổi so với lần rà soát trước; điều kiện của các quy tắc không thay đổi.
changes-inventory = Danh mục hệ thống đã thay đổi so với lần rà soát trước; { $went } nội dung chưa đạt không còn do hệ thống không còn trong danh mục (không tính là đã khắc phục).
changes-target-worse = Chỉ tiêu chuyển biến xấu: { $title }: từ “{ $from }” sang “{ $to }”.
changes-rule-errors = Quy tắc mới phát sinh lỗi khi đánh giá: { $rules }.

status-no-progress = không có tiến triển

html-trend = Giá trị qua các lần rà soát
html-reached-by = Với tốc độ hiện nay, mục tiêu sẽ đạt vào khoảng { $date }.

marker-new = mới

# cloudcensus probe, and the progress bar of probing
probe-result = Kết quả
probe-attempts = Số lần thử
probe-status = Mã trạng thái HTTP
probe-final-url = Địa chỉ cuối cùng
probe-after-redirects = { $url } (sau { $count } lần chuyển hướng)
probe-title = Tiêu đề trang
probe-server = Máy chủ (Server)
probe-tls = TLS
probe-certificate = Chứng thư số
probe-cert-valid = hợp lệ; còn { $days } ngày
probe-cert-problem = { $problem }: { $reason }; còn { $days } ngày
probe-issuer = Đơn vị cấp
probe-hsts = HSTS
probe-https-redirect = HTTP → HTTPS
probe-dns = DNS
probe-time = Thời gian phản hồi
probe-ms = { $ms } ms
probe-provider = Nhà cung cấp
progress-probing = đang kiểm tra
progress-endpoints = địa chỉ
progress-failed = { $count } lỗi

# Bộ chính sách mặc định có sẵn trong chương trình (policy::pack).
policies-built-in = Không có thư mục policies/ tại đây: dùng bộ chính sách có sẵn trong cloudcensus { $version } (lệnh `cloudcensus policies` xuất bộ này ra thư mục).

# Giới hạn số tệp được mở, khi ngay cả giới hạn cứng cũng thấp hơn mức
# cần cho số kết nối đồng thời (crate::open_files).
open-files-short = chỉ được mở tối đa { $limit } tệp cùng lúc (giới hạn cứng { $hard }), trong khi --concurrency { $concurrency } cần khoảng { $needed }: các lượt kiểm tra vượt giới hạn sẽ lỗi "too many open files"
open-files-short-hint = nâng giới hạn cứng (LimitNOFILE= trong tệp unit systemd, mục `nofile` trong /etc/security/limits.conf, hoặc `ulimit -Hn` với quyền root) hoặc giảm --concurrency

# Tình trạng chỉ tiêu dạng ngắn, dùng khi giá trị đã ghi bên cạnh (bản tóm
# tắt, lệnh `trend`).
status-name-met = đã đạt
status-name-on-track = đúng tiến độ
status-name-behind = chậm tiến độ
status-name-no-progress = không có tiến triển
status-name-missed = không đạt
status-name-no-trend = chưa đạt
status-name-no-data = chưa có số liệu

outcome-pass = đạt
outcome-fail = chưa đạt
outcome-waived = được miễn trừ
outcome-unknown = chưa xác định
outcome-error = lỗi khi đánh giá

waiver-active = còn hiệu lực
waiver-expired = đã hết hạn
waiver-orphan = không khớp hệ thống hoặc quy tắc nào

kind-department = sở, ban, ngành
kind-district = Ủy ban nhân dân cấp huyện
kind-commune = Ủy ban nhân dân cấp xã
kind-unit = đơn vị sự nghiệp công lập
kind-enterprise = doanh nghiệp nhà nước

# Nguyên nhân không kiểm tra được địa chỉ.
probe-error-dns = lỗi phân giải tên miền
probe-error-refused = bị từ chối kết nối
probe-error-timeout = quá thời gian chờ
probe-error-tls = lỗi kết nối TLS
probe-error-http = lỗi HTTP
probe-error-too_many_redirects = chuyển hướng quá nhiều lần
probe-error-body_too_large = nội dung phản hồi quá lớn
dns-error-nxdomain = tên miền không tồn tại
dns-error-no-address = tên miền không có địa chỉ IP
dns-error-servfail = máy chủ DNS báo lỗi
dns-error-refused = máy chủ DNS từ chối truy vấn
dns-error-timeout = máy chủ DNS không phản hồi
dns-error-other = không phân giải được
port-open = mở
port-closed = đóng
port-filtered = bị chặn

# Nội dung trong báo cáo SARIF và JUnit.
ci-references = Căn cứ: { $list }
ci-remediation = Khắc phục: { $text }
ci-description = Mô tả: { $text }
ci-could-not-evaluate = không đánh giá được quy tắc: { $reason }
ci-no-reason = không rõ nguyên nhân
ci-facts-missing = thiếu thông tin
ci-unknown = chưa xác định: { $reason }
ci-waived = được miễn trừ
ci-system = Hệ thống: { $system }
ci-endpoint = Địa chỉ: { $endpoint }
ci-inventory = Tệp kê khai: { $place }
ci-detail = Chi tiết: { $detail }
ci-passing-case = các nội dung đạt
ci-passing-body = { $count } nội dung kiểm tra đạt trên hệ thống này. Bản ghi kết quả rà soát chỉ đếm số nội dung đạt của từng hệ thống, không ghi tên quy tắc, nên các nội dung này được gộp chung một mục.

# Lệnh `cloudcensus runs`
runs-none = Chưa có lần rà soát nào được lưu.
runs-mode-online = trực tuyến
runs-mode-offline = không kiểm tra trực tuyến
runs-line = số liệu ngày { $date }  { $mode }  { $agencies } cơ quan, đơn vị; { $systems } hệ thống; { $on_cloud } trên điện toán đám mây; { $failing } nội dung chưa đạt; mức tuân thủ { $compliance }

# Lệnh `cloudcensus trend`
trend-none = Chưa có số liệu chỉ tiêu nào được lưu: hãy chạy `cloudcensus scan`.
trend-line = { $first } -> { $last }  mục tiêu { $goal }, thời hạn { $deadline }: { $status }
trend-pace = (với tốc độ hiện nay, mục tiêu sẽ đạt vào khoảng { $date })

# Lệnh `cloudcensus diff`
diff-header = Lần { $before } (số liệu ngày { $before_date }) -> lần { $after } (số liệu ngày { $after_date }): { $new } nội dung mới chưa đạt, { $fixed } nội dung đã khắc phục, { $still } nội dung vẫn chưa đạt
diff-new-failing = Nội dung mới chưa đạt
diff-fixed = Đã khắc phục
diff-systems-added = Hệ thống mới
diff-systems-removed = Hệ thống không còn trong danh mục
diff-agencies-added = Cơ quan, đơn vị mới
diff-agencies-removed = Cơ quan, đơn vị không còn trong danh mục
diff-compliance-changed = Mức tuân thủ thay đổi

# Lệnh `cloudcensus prune`
prune-dropped = đã xóa { $count } lần rà soát đã lưu
prune-would-drop = sẽ xóa { $count } lần rà soát đã lưu

# `cloudcensus history migrate`
migrate-done = đã sao chép { $copied } lần rà soát; { $skipped } lần đã có sẵn trong kho

# --- Terminal view, grouping and print layout (issue 12, item 8) ---------
# Kept together at the end of the file to ease merging.
section-failing-rules = Nội dung chưa đạt ({ $count }) theo quy tắc
section-failing-each = Toàn bộ nội dung chưa đạt ({ $count })
col-worst-agencies = Nhiều nhất tại
worst-more = +{ $count } đơn vị khác
count-new = { $count } ({ $new } mới)
details-hint = Xem từng nội dung chưa đạt: thêm --details.
html-failing-list = Hệ thống chưa đạt ({ $count })
worst-spread = { $count } đơn vị, mỗi đơn vị một hệ thống
html-compact-note = Danh sách hệ thống chưa đạt theo từng quy tắc và kết quả kiểm tra từng địa chỉ có trong báo cáo HTML đầy đủ (tệp báo cáo, hoặc đính kèm bằng --email-attach html).
html-new-systems = { $count } mới
# --- end of issue 12, item 8 ----------------------------------------------

# --- validate messages: diagnostics of input files (issue 12, item 5) ------
# Kept together at the end of the file to ease merging. Names, values and
# the YAML keys of the file stay as written in it, between backticks.
diag-level-error = lỗi
diag-level-warning = cảnh báo
diag-hint = gợi ý
diag-summary = { $errors } lỗi, { $warnings } cảnh báo
diag-did-you-mean = có thể là `{ $name }`?
diag-io-not-found = không tìm thấy tệp
diag-io-permission-denied = không có quyền truy cập tệp
validate-ok = hợp lệ: { $agencies } cơ quan, đơn vị; { $systems } hệ thống trong { $files } tệp danh mục; { $rules } quy tắc, { $targets } chỉ tiêu, { $waivers } miễn trừ, { $providers } nhà cung cấp
init-created = đã tạo { $path }
init-exists = lỗi: { $path } đã tồn tại (thêm --force để ghi đè)
init-next = bước tiếp theo: cd { $dir } && cloudcensus validate && cloudcensus scan --offline

## Reading files
diag-cannot-read-file = không đọc được tệp: { $error }
diag-not-regular-file = không phải là tệp thông thường
diag-file-too-large = tệp có dung lượng { $size } MiB, vượt giới hạn { $limit } MiB
diag-hint-split-inventory = tách danh mục thành mỗi cơ quan, đơn vị một tệp
diag-not-utf8 = tệp không được mã hóa UTF-8 hợp lệ
diag-hint-save-utf8 = lưu tệp theo bảng mã UTF-8 (văn bản tiếng Việt theo bảng mã cũ như TCVN3 hoặc VNI phải được chuyển đổi)
diag-file-empty = tệp không có nội dung
diag-hint-file-empty = tệp danh mục bắt đầu bằng `agency:`, tiếp theo là `systems:`; chạy `cloudcensus init` để có tệp mẫu
diag-yaml-gave-up = bộ đọc YAML không đọc được tệp này; kiểm tra cấu trúc tệp quanh chỗ sửa gần nhất
diag-no-such-path = không tìm thấy tệp hoặc thư mục
diag-hint-run-init = chạy `cloudcensus init` để tạo thư mục inventories/ và policies/
diag-cannot-walk = không đọc được: { $error }

## serde's messages, with the path to the value before them
diag-yaml-at = { $path }: { $message }
diag-yaml-other = bộ đọc YAML báo: { $text }
diag-yaml-unknown-field-one-of = trường `{ $name }` không có trong mẫu kê khai; các trường hợp lệ: { $expected }
diag-yaml-unknown-field-expected = trường `{ $name }` không có trong mẫu kê khai; trường hợp lệ: { $expected }
diag-yaml-unknown-field-none = trường `{ $name }` không có trong mẫu kê khai; tại đây không khai báo trường nào
diag-yaml-unknown-variant-one-of = giá trị `{ $name }` không hợp lệ; phải là một trong: { $expected }
diag-yaml-unknown-variant-expected = giá trị `{ $name }` không hợp lệ; chỉ được dùng { $expected }
diag-yaml-unknown-variant-none = giá trị `{ $name }` không hợp lệ
diag-yaml-field-one-of = giá trị `{ $name }` không hợp lệ; trường `{ $field }` phải là một trong: { $expected }
diag-yaml-field-expected = giá trị `{ $name }` không hợp lệ; trường `{ $field }` chỉ nhận { $expected }
diag-yaml-missing-field = thiếu trường bắt buộc `{ $name }`
diag-yaml-duplicate-field = trường `{ $name }` được khai báo hai lần
diag-yaml-duplicate-key = khóa { $key } được khai báo hai lần
diag-yaml-invalid-type = sai kiểu dữ liệu: có { $found }, cần { $expected }
diag-yaml-invalid-value = giá trị không hợp lệ: có { $found }, cần { $expected }
diag-yaml-invalid-length = số phần tử không đúng: có { $length }, cần { $expected }
diag-yaml-untagged = giá trị không khớp với dạng nào được chấp nhận ({ $name })
diag-yaml-recursion = tệp lồng nhau quá số cấp cho phép
diag-yaml-repetition = tệp mở rộng bí danh quá số lần cho phép
diag-yaml-unknown-anchor = bí danh tham chiếu tới mỏ neo (`&tên`) chưa được khai báo
diag-found-string = chuỗi ký tự { $value }
diag-found-integer = số nguyên { $value }
diag-found-float = số thập phân { $value }
diag-found-boolean = giá trị đúng/sai { $value }
diag-found-unit = giá trị rỗng
diag-found-sequence = danh sách
diag-found-map = khối `khóa: giá trị`
diag-expected-u8 = số nguyên không âm
diag-expected-u16 = số nguyên không âm
diag-expected-u32 = số nguyên không âm
diag-expected-u64 = số nguyên không âm
diag-expected-i64 = số nguyên
diag-expected-f64 = số
diag-expected-string = chuỗi ký tự
diag-expected-boolean = true hoặc false
diag-expected-sequence = danh sách
diag-expected-map = khối `khóa: giá trị`
diag-expected-struct = khối `khóa: giá trị` ({ $name })
diag-expected-policy-text = một văn bản, hoặc văn bản theo từng ngôn ngữ như `{"{"}vi: ..., en: ...{"}"}`
diag-expected-language = mã ngôn ngữ: { $tags }
diag-hint-allowed = chỉ được dùng: { $choices }
diag-hint-tabs = YAML chỉ thụt lề bằng dấu cách; thay các ký tự tab bằng dấu cách
diag-hint-nesting = tệp lồng nhau sâu hơn mức bất kỳ danh mục nào cần; kiểm tra lại thụt lề
diag-hint-aliases = tệp dùng bí danh (`*tên`) quá nhiều lần; ghi trực tiếp các giá trị
diag-hint-add-field = bổ sung trường này; lệnh `cloudcensus schema` liệt kê đầy đủ các trường

## Values that check themselves
diag-field-id = mã `{ $value }` không hợp lệ: dùng từ 1 đến { $max } ký tự gồm chữ cái, chữ số, `-`, `_` hoặc `.`, bắt đầu bằng chữ cái hoặc chữ số
diag-field-date-format = ngày `{ $value }` không hợp lệ: ghi theo dạng YYYY-MM-DD (ISO 8601), ví dụ 2025-12-31
diag-field-no-such-day = ngày `{ $value }` không hợp lệ: không có ngày này trong lịch
diag-field-percent = tỷ lệ `{ $value }` không hợp lệ: ghi một số từ 0 đến 100 kèm dấu %, ví dụ 90%
diag-field-security-level = cấp độ an toàn thông tin `{ $value }` không hợp lệ: cấp độ từ 1 đến 5 (Nghị định 85/2016/NĐ-CP)
diag-field-agency-quorum = giá trị agency_counts_when `{ $value }` không hợp lệ: dùng all, any hoặc một tỷ lệ như 80%
diag-url-invalid = địa chỉ URL `{ $text }` không hợp lệ: { $reason }
diag-url-no-port = `{ $text }` thiếu cổng: ghi theo dạng tcp://máy-chủ:cổng
diag-url-scheme = `{ $text }`: giao thức `{ $scheme }` không được hỗ trợ; dùng http, https hoặc tcp
diag-url-no-host = `{ $text }` thiếu tên máy chủ
diag-text-twice = văn bản bằng ngôn ngữ `{ $lang }` được ghi hai lần
diag-text-no-language = văn bản không ghi bằng ngôn ngữ nào: ghi văn bản thường hoặc theo từng ngôn ngữ ({ $tags })

## Inventories as a whole
diag-duplicate-agency = mã cơ quan, đơn vị `{ $id }` bị trùng
diag-hint-agency-defined-at = đã khai báo tại { $at }; mã cơ quan, đơn vị phải là duy nhất trong toàn bộ danh mục
diag-hint-defined-at = đã khai báo tại { $at }
diag-unknown-parent = không có cơ quan cấp trên `{ $id }` trong danh mục
diag-parent-outside = cơ quan cấp trên `{ $id }` không có trong các tệp được kiểm tra; nội dung này sẽ được đối chiếu khi rà soát toàn bộ danh mục
diag-no-systems = đơn vị `{ $id }` chưa kê khai hệ thống nào
diag-duplicate-system = mã hệ thống `{ $id }` bị trùng trong đơn vị `{ $agency }`
diag-online-over-total = fully_online ({ $online }) lớn hơn total ({ $total })
diag-mobile-over-online = mobile_ready ({ $mobile }) lớn hơn fully_online ({ $online })
diag-services-over-total = kê khai { $listed } dịch vụ nhưng total chỉ là { $total }
diag-unknown-provider = không có nhà cung cấp hạ tầng `{ $id }` trong danh sách nhà cung cấp
diag-hint-add-provider = bổ sung nhà cung cấp này vào policies/providers.yaml
diag-provider-outside = nhà cung cấp hạ tầng `{ $id }` không có trong các tệp được kiểm tra (danh sách có sẵn không có nhà cung cấp này); nội dung này sẽ được đối chiếu khi rà soát toàn bộ danh mục cùng tệp policies/providers.yaml
diag-endpoint-twice = địa chỉ `{ $url }` được kê khai hai lần trong hệ thống `{ $system }`
diag-no-such-agency = không có đơn vị `{ $id }` trong danh mục

## Policies
diag-duplicate-provider = mã nhà cung cấp `{ $id }` bị trùng
diag-duplicate-rule = mã quy tắc `{ $id }` bị trùng
diag-rule-expression = quy tắc { $rule }: `{ $key }`: { $problem }
diag-duplicate-target = mã chỉ tiêu `{ $id }` bị trùng
diag-quorum-needs-agency = chỉ tiêu { $target }: `agency_counts_when` chỉ dùng được với `unit: agency`
diag-target-unknown-rule = chỉ tiêu { $target }: không có quy tắc `{ $rule }`
diag-target-expression = chỉ tiêu { $target }: `{ $key }`: { $problem }
diag-target-rule-or-ratio = chỉ tiêu { $target }: phải ghi đúng một trong hai trường `rule` hoặc `ratio`
diag-waiver-unknown-rule = miễn trừ cho quy tắc không tồn tại `{ $rule }`
diag-waiver-system = hệ thống được miễn trừ `{ $system }` không ghi theo dạng `đơn-vị/hệ-thống`
diag-hint-waiver-system = ghi mã đơn vị, dấu gạch chéo rồi mã hệ thống, hoặc `đơn-vị/*`
diag-cel-empty = biểu thức để trống
diag-cel-too-long = biểu thức có { $chars } ký tự, vượt giới hạn { $limit }: tách thành nhiều quy tắc
diag-cel-too-many-operators = biểu thức có { $operators } phép toán, vượt giới hạn { $limit }: tách thành nhiều quy tắc
diag-cel-too-deep = biểu thức lồng { $depth } cấp ngoặc, vượt giới hạn { $limit }
diag-cel-parser-failed = bộ phân tích CEL không xử lý được biểu thức này
diag-cel-syntax = lỗi cú pháp CEL
diag-cel-syntax-detail = lỗi cú pháp CEL (thông báo của bộ phân tích): { $detail }
diag-cel-unknown-variable = không có biến `{ $name }`: { $hint }
diag-cel-hint-variables = các biến được dùng: { $names }
diag-cel-endpoint-only = biến `{ $name }` chỉ dùng trong quy tắc có `each: endpoint`
diag-cel-no-fields = `{ $path }` không có trường `{ $field }`
diag-cel-unknown-field = không có trường `{ $path }.{ $field }`: { $hint }
diag-cel-hint-fields = các trường của nó: { $names }

## The config file
diag-no-config-file = không tìm thấy tệp cấu hình
diag-hint-config-named-by = tệp do { $by } chỉ định; lệnh `cloudcensus init` tạo tệp mẫu { $file }
diag-toml-syntax = lỗi cú pháp TOML (thông báo của bộ đọc TOML): { $text }
diag-config-table-not-value = `{ $table }` là một mục, không phải một giá trị
diag-hint-config-table-header = ghi `[{ $table }]` trên một dòng riêng, các khóa của mục ghi ở các dòng dưới
diag-config-not-read = khóa `{ $key }` chưa được hỗ trợ
diag-config-unknown-table = không có mục `{ $name }`
diag-config-key-outside = khóa `{ $name }` không thuộc mục nào
diag-config-unknown-key = không có khóa `{ $name }` trong mục [{ $table }]
diag-hint-config-belongs-in = khóa `{ $name }` thuộc mục [{ $table }]
diag-hint-config-tables = các mục gồm: { $tables }
diag-hint-config-table-holds = mục [{ $table }] gồm các khóa: { $keys }
diag-config-password = `{ $name }`: mật khẩu SMTP không bao giờ được đọc từ tệp cấu hình
diag-hint-config-password = ghi mật khẩu vào một tệp chỉ tài khoản chạy lệnh scan đọc được và khai báo tệp đó ở khóa `smtp_password_file` trong mục [mail], hoặc đặt biến môi trường CLOUDCENSUS_SMTP_PASSWORD
diag-config-wrong-type = `{ $name }` phải là { $expected }, không phải { $found }
diag-config-must-be = `{ $name }` phải là { $expected }
diag-config-about = `{ $name }`: { $why }
diag-config-socket = `{ $name }` phải ghi theo dạng IP:CỔNG, ví dụ "192.0.2.53:53"
diag-config-unknown-value = `{ $name }`: giá trị `{ $value }` không hợp lệ
diag-hint-config-use-one-of = dùng một trong các giá trị: { $choices }
diag-config-true-or-false = true hoặc false
diag-config-strings = một chuỗi ký tự hoặc danh sách chuỗi ký tự, ví dụ ["a", "b"]
diag-config-whole-number = một số nguyên từ { $min } đến { $max }
diag-config-seconds = một số giây, ví dụ 10 hoặc 2.5
diag-toml-a-string = chuỗi ký tự
diag-toml-an-integer = số nguyên
diag-toml-a-float = số thập phân
diag-toml-a-boolean = giá trị đúng/sai
diag-toml-a-datetime = ngày giờ
diag-toml-an-array = danh sách
diag-toml-a-table = một mục
# --- end of validate messages (issue 12, item 5) ---------------------------

# --- errors that stop a command (issue 12, item 5) -------------------------
# Lỗi làm dừng một lệnh, in sau "lỗi: ". `reason` là nguyên văn thông báo
# của hệ điều hành hoặc của thư viện (SQLite, thư điện tử, TLS), giữ nguyên.

## Kho lịch sử rà soát
err-history-no-place = chưa xác định được nơi lưu lịch sử rà soát: hãy khai báo --history ĐƯỜNG_DẪN (hoặc đặt biến môi trường HOME / XDG_DATA_HOME)
err-history-create-folder = không tạo được thư mục { $path }: { $reason }
err-history-open = không mở được tệp lịch sử { $path }: { $reason }
err-history-not-a-store = tệp lịch sử { $path } không phải kho dữ liệu của cloudcensus hoặc đã bị hỏng ({ $reason }); hãy chuyển tệp này sang nơi khác để bắt đầu kho mới
err-history-too-new = tệp lịch sử { $path } do phiên bản cloudcensus mới hơn ghi (phiên bản kho { $version }, phiên bản này chỉ đọc được đến { $supported }); hãy nâng cấp chương trình, hoặc dùng --history để chọn tệp khác
err-history-encode = không nén được kết quả lần rà soát để lưu vào lịch sử: { $reason }
err-history-record = không ghi được lần rà soát vào tệp lịch sử { $path }: { $reason }
err-history-no-room = { $reason } (ổ đĩa đã đầy hoặc tệp đã chạm giới hạn dung lượng: giải phóng bớt dung lượng rồi chạy lại lần rà soát; lần rà soát đêm nay chưa được ghi, các lần trước vẫn giữ nguyên)
err-history-read = không đọc được tệp lịch sử { $path }: { $reason }
err-history-prune = không xóa được các lần rà soát cũ trong tệp lịch sử { $path }: { $reason }
err-history-damaged = không đọc được lần rà soát số { $id } trong tệp { $path }: { $reason }
err-history-locked = một lần rà soát khác đang ghi vào tệp lịch sử { $store } (tệp khóa { $lock }); hãy chờ lần rà soát đó kết thúc, hoặc dùng --wait để tự chờ
err-history-lock-file = không mở được tệp khóa { $path }: { $reason }
err-history-lock = không khóa được tệp khóa { $path }: { $reason }
err-history-held = một lần rà soát khác của { $who } đang ghi vào kho lịch sử { $url }; hãy chờ lần rà soát đó kết thúc, hoặc dùng --wait để tự chờ
err-history-held-scope = một lần rà soát khác của { $who } (phạm vi { $scope }) đang ghi vào kho lịch sử { $url }; hãy chờ lần rà soát đó kết thúc, hoặc dùng --wait để tự chờ
history-who-org = đơn vị { $org }
history-who-none = đơn vị
err-history-bad-url = không đọc được địa chỉ kho lịch sử { $url } ({ $reason }); hãy viết theo dạng postgres://NGƯỜI_DÙNG@MÁY_CHỦ:CỔNG/CƠ_SỞ_DỮ_LIỆU
err-history-password-in-url = địa chỉ kho lịch sử { $url } có chứa mật khẩu; hãy bỏ mật khẩu khỏi địa chỉ và khai báo qua biến PGPASSWORD, tệp ~/.pgpass hoặc tệp mật khẩu chỉ định bằng --history-password-file ([history] password_file)
err-history-password-file = không đọc được tệp mật khẩu của kho lịch sử { $path }: { $reason }
err-history-pgpass-open = tệp mật khẩu { $path } đang để người dùng khác đọc được; hãy giới hạn quyền chỉ cho tài khoản của mình (chmod 600)
err-history-root-cert = không dùng được chứng thư CA của kho lịch sử { $path }: { $reason }
err-history-connect = không kết nối được tới kho lịch sử { $url }: { $reason }
err-migrate-from = --from { $value }: hãy chỉ định kho lịch sử SQLite cần sao chép theo dạng sqlite:ĐƯỜNG_DẪN
err-migrate-to = --to { $value }: hãy chỉ định kho lịch sử PostgreSQL theo dạng postgres://NGƯỜI_DÙNG@MÁY_CHỦ:CỔNG/CƠ_SỞ_DỮ_LIỆU
err-no-history-at = không có kho lịch sử tại { $path }: không có gì để sao chép

## Các lệnh xem lịch sử
err-no-such-run = không có lần rà soát số { $id } trong lịch sử (xem `cloudcensus runs`)
err-no-runs = chưa có lần rà soát nào được ghi lại
err-diff-needs-two-runs = cần có ít nhất hai lần rà soát đã ghi lại mới so sánh được (xem `cloudcensus runs`)
err-trend-write = không in được diễn biến các chỉ tiêu: { $reason }
err-trend-unknown-target = không có chỉ tiêu `{ $target }` trong lịch sử
err-trend-unknown-target-hint = không có chỉ tiêu `{ $target }` trong lịch sử; có thể là `{ $hint }`?
err-report-unknown-agency = lần rà soát số { $run } không có đơn vị `{ $id }`
err-report-unknown-agency-hint = lần rà soát số { $run } không có đơn vị `{ $id }`: có thể là `{ $hint }`?

## Tệp báo cáo
err-output-unknown-format = không xác định được định dạng của báo cáo { $path } từ tên tệp: hãy đặt tên tệp có đuôi { $extensions } (.xml là JUnit, .txt là dạng bảng), hoặc ghi ĐỊNH_DẠNG=TỆP, ví dụ json={ $path }
err-output-write = không ghi được báo cáo vào tệp { $path }: { $reason }
err-output-is-folder = đường dẫn này là một thư mục
err-output-no-file-name = đường dẫn không chỉ tới tệp nào

## Thư điện tử
err-mail-password-file = không đọc được tệp mật khẩu SMTP { $path }: { $reason }
err-mail-render = không tạo được báo cáo { $format } để gửi kèm thư: { $reason }
err-mail-address = { $flag } `{ $address }` không phải là địa chỉ thư điện tử hợp lệ: { $reason }
err-mail-attachment-type = lỗi nội bộ của chương trình: { $reason }
err-mail-build = không soạn được thư: { $reason }
err-mail-runtime = không khởi động được bộ gửi thư: { $reason }
err-mail-tls = không thiết lập được kết nối TLS tới máy chủ SMTP { $host }: { $reason }
err-mail-send = không gửi được thư qua máy chủ SMTP { $host }:{ $port }: { $reason }

## Kiểm tra địa chỉ
err-probe-system-dns = không đọc được cấu hình DNS của hệ thống ({ $reason }); hãy chỉ định máy chủ phân giải tên miền bằng --resolver IP:CỔNG
err-probe-resolver = không khởi động được bộ phân giải tên miền: { $reason }
err-probe-ca-unreadable = { $path }: không đọc được tệp chứng thư số CA: { $reason }
err-probe-ca-not-pem = { $path }: không phải tệp chứng thư số định dạng PEM: { $reason }
err-probe-ca-empty = { $path }: tệp CA không chứa chứng thư số PEM nào
err-probe-ca-certificate = { $path }: chứng thư số CA không dùng được: { $reason }
err-probe-verifier = không thiết lập được việc xác thực chứng thư số: { $reason }
err-probe-tls = không thiết lập được TLS: { $reason }
err-probe-http-client = không khởi tạo được trình kết nối HTTP: { $reason }
err-probe-runtime = không khởi động được bộ chạy kiểm tra địa chỉ: { $reason }
err-probing-stopped = việc kiểm tra địa chỉ bị dừng bất thường
err-stopped-before-writing = đã dừng khi nhận tín hiệu { $signal }, trước khi ghi kết quả: không ghi báo cáo, không lưu lượt quét; các báo cáo trước đó và lịch sử được giữ nguyên
err-stopped-after-writing = đã dừng khi nhận tín hiệu { $signal }, sau khi đã ghi báo cáo và lưu lượt quét; chưa gửi thư

## Lỗi khác
err-schema = không ghi được JSON Schema: { $reason }
err-io = không đọc, ghi được dữ liệu: { $reason }

## Lý do một giá trị của tham số dòng lệnh (hoặc của tệp cấu hình) không
## được chấp nhận. Tham số dòng lệnh do clap báo bằng tiếng Anh; tệp cấu
## hình báo bằng ngôn ngữ của người đọc.
err-flag-unknown-target-state = không có tình trạng chỉ tiêu `{ $word }`: hãy ghi `none` hoặc danh sách các tình trạng cách nhau bởi dấu phẩy, chọn trong số: { $choices }
err-flag-not-an-attachment = `{ $word }` không phải loại báo cáo gửi kèm được: hãy ghi `none` hoặc danh sách các loại cách nhau bởi dấu phẩy, chọn trong số: { $choices }
err-flag-output-no-file = thiếu tên tệp sau `{ $name }=`
err-flag-output-empty = hãy ghi tên tệp, `-` để in ra màn hình, hoặc ĐỊNH_DẠNG=TỆP
err-flag-seconds = hãy ghi số giây lớn hơn 0 và không quá 3600, ví dụ 10 hoặc 2.5
# --- end of errors that stop a command (issue 12, item 5) ------------------

# --- Phiên bản TLS và độ an toàn của chứng thư số (issue 13) -------------
# Đặt chung ở cuối tệp để dễ hợp nhất.
probe-tls-versions = Phiên bản TLS
probe-tls-legacy-only = không hoàn tất được bắt tay TLS hiện đại; thông tin lấy từ phản hồi đầu tiên của máy chủ
probe-cert-key = Khóa
html-probe-tls-versions = Phiên bản TLS được chấp nhận
html-cert-weak-key = khóa quá yếu
html-cert-weak-signature = chữ ký yếu (SHA-1 hoặc MD5)
probe-tls-weak = Bộ mật mã yếu
probe-tls-profile = Mức cấu hình TLS theo Mozilla
profile-modern = hiện đại (modern)
profile-intermediate = trung gian (intermediate)
profile-old = cũ (old)
profile-none = không đạt mức nào, kể cả mức cũ (old)
profile-short-of = chưa đạt mức { $profile } do { $gaps }
profile-unchecked = chưa kiểm tra được { $criteria }
profile-gap-version = còn chấp nhận { $found }
profile-gap-suite = còn chấp nhận bộ mật mã { $found }
profile-gap-certificate-type = chứng thư số dùng khóa { $found }
profile-gap-key-size = khóa { $found } bit
profile-gap-signature = chứng thư số được ký bằng { $found }
profile-gap-dh-size = tham số DH { $found } bit
profile-gap-certificate-lifespan = chứng thư số có thời hạn { $found } ngày
profile-criterion-version = phiên bản giao thức
profile-criterion-suite = bộ mật mã
profile-criterion-certificate-type = loại khóa của chứng thư số
profile-criterion-key-size = độ dài khóa
profile-criterion-signature = thuật toán ký
profile-criterion-dh-size = độ dài tham số DH
profile-criterion-certificate-lifespan = thời hạn chứng thư số
# --- hết phần issue 13 ----------------------------------------------------

# --- HSTS preload (issue 14, mục 4) ---
probe-hsts-preload = Danh sách HSTS preload
probe-preload-yes = có trong danh sách (tên miền gốc { $base }; danh sách ngày { $date })
probe-preload-base-only = tên miền gốc { $base } có trong danh sách nhưng không kèm tên miền con (danh sách ngày { $date })
probe-preload-no = chưa có trong danh sách (tên miền gốc { $base }; danh sách ngày { $date })
probe-preload-ready = tiêu đề HSTS đủ điều kiện đăng ký (max-age từ một năm trở lên, includeSubDomains, preload)
probe-preload-not-ready = tiêu đề HSTS chưa đủ điều kiện đăng ký (cần max-age từ một năm trở lên, includeSubDomains và preload)
# --- hết phần HSTS preload ---
# --- issue 14, mục 6: tên miền thư điện tử (probe --mail-domain) ----------
# Đặt chung ở cuối tệp để dễ hợp nhất.
mail-bad-domain = `{ $domain }` không phải là tên miền
mail-bad-domain-hint = chỉ ghi tên miền thư điện tử, ví dụ --mail-domain hue.gov.vn (không ghi giao thức, địa chỉ IP hay hộp thư)
mail-domain = Tên miền
mail-lookup-failed = chưa xác định (truy vấn DNS không thành công)
mail-lookup-errors = Truy vấn DNS không thành công
mail-mx = MX
mail-mx-none = không có (không có bản ghi MX)
mail-mx-null = không có: tên miền không nhận thư (null MX)
mail-smtp-not-asked = chưa kiểm tra
mail-smtp-no-starttls = không hỗ trợ STARTTLS
mail-smtp-error-dns = không có địa chỉ IP
mail-smtp-error-refused = từ chối kết nối
mail-smtp-error-timeout = hết thời gian chờ
mail-smtp-error-protocol = lỗi giao thức SMTP
mail-smtp-error-tls = bắt tay TLS không thành công
mail-spf = SPF
mail-spf-summary = kết thúc bằng { $all }; { $lookups } lượt truy vấn DNS
mail-spf-error-multiple-records = có nhiều hơn một bản ghi SPF
mail-spf-error-malformed = sai cú pháp
mail-spf-error-too-many-lookups = quá 10 lượt truy vấn DNS
mail-spf-error-bad-include = có include trỏ tới tên miền không có bản ghi SPF hợp lệ
mail-dmarc = DMARC
mail-dmarc-compliant = đạt yêu cầu (p=reject)
mail-dmarc-not-compliant = chưa đạt yêu cầu (cần p=reject, và sp=reject, pct=100 nếu có khai báo)
mail-dmarc-error-multiple-records = có nhiều hơn một bản ghi DMARC
mail-dmarc-error-malformed = sai cú pháp
mail-mta-sts = MTA-STS
mail-tls-rpt = TLS-RPT
# --- hết phần issue 14, mục 6 ---------------------------------------------

# --- IPv4 và IPv6 (issue 14, mục 5) ---
probe-families = Truy cập qua IPv4 và IPv6
probe-family-answers = phản hồi
probe-family-silent = không phản hồi
# --- hết phần IPv4 và IPv6 ---
# --- Tiêu đề bảo mật, cookie và tệp security.txt (issue 14, mục 1-3) -----
# Để riêng ở cuối tệp cho dễ gộp.
probe-csp = Chính sách bảo mật nội dung (CSP)
probe-csp-unsafe = cho phép mã script { $what }
probe-csp-unsafe-inline = nhúng trong trang
probe-csp-unsafe-eval = thực thi chuỗi (eval)
probe-csp-wildcard = từ mọi nguồn
probe-csp-unrestricted = không hạn chế mã script
probe-framing = Chống nhúng trang vào trang khác
probe-framing-blocked = có ({ $how })
probe-framing-allowed = không
probe-nosniff = X-Content-Type-Options
probe-referrer-policy = Referrer-Policy
probe-permissions-policy = Permissions-Policy
probe-cookies = Cookie
probe-cookie-no-flags = không có thuộc tính bảo mật
probe-cookies-more = và { $count } cookie khác
probe-cookies-insecure = có cookie gửi qua HTTPS thiếu thuộc tính Secure
probe-security-txt = Tệp security.txt
probe-security-txt-found = có; hết hạn ngày { $date } (còn { $days } ngày)
probe-security-txt-expired = đã hết hạn từ ngày { $date }
probe-security-txt-no-expiry = có; thiếu trường Expires hợp lệ
probe-security-txt-missing = không có (mã HTTP { $status })
probe-security-txt-no-https = không có: máy chủ không trả lời qua HTTPS
probe-security-txt-plain-http = cung cấp qua HTTP không mã hóa
probe-security-txt-contact = đầu mối tiếp nhận: { $contacts }
# --- hết phần issue 14, mục 1-3 -------------------------------------------
# --- issue 14, mục 6-8: tên miền thư điện tử trong danh mục, quy tắc và báo cáo ---
diag-field-domain = tên miền `{ $text }` không hợp lệ: ghi tên miền, ví dụ hue.gov.vn, không ghi giao thức, đường dẫn, cổng hay ký tự `@`
diag-field-contact = địa chỉ thư điện tử `{ $text }` tại trường `contact` không hợp lệ: ghi địa chỉ dạng it@example.gov.vn; nhiều địa chỉ thì cách nhau bằng dấu phẩy hoặc ghi thành danh sách
diag-domain-twice = tên miền `{ $domain }` được khai báo hai lần trong cơ quan `{ $agency }`
diag-domain-other-agency = tên miền `{ $domain }` cũng được cơ quan `{ $other }` khai báo; các quy tắc của tên miền được đánh giá riêng cho từng cơ quan khai báo
diag-hint-domain-one-agency = chỉ khai báo tên miền tại cơ quan quản lý tên miền đó ({ $at })
diag-cel-scope-only = biến `{ $name }` chỉ dùng trong quy tắc có `each: { $scopes }`
col-mail = Tên miền thư điện tử
mail-posture = { $reject }/{ $domains } đạt DMARC p=reject
mail-posture-unknown = { $domains } tên miền, chưa xác định DMARC
# --- issue 15, items 4 and 8: the workbook report and OpenMetrics ---------
# (OpenMetrics HELP texts are English in every language: src/report/openmetrics.rs)
xlsx-sheet-targets = Chỉ tiêu
xlsx-sheet-agencies = Cơ quan, đơn vị
xlsx-sheet-findings = Nội dung chưa đạt
xlsx-sheet-rules = Quy tắc cần khắc phục
xlsx-sheet-waivers = Miễn trừ cần xem lại
xlsx-col-kind = Loại hình
xlsx-col-retired_systems = Số hệ thống đã ngừng sử dụng
xlsx-col-retiring_systems = Số hệ thống sắp ngừng sử dụng
xlsx-col-on_cloud = Số hệ thống trên điện toán đám mây
xlsx-col-services_total = Tổng số dịch vụ công
xlsx-col-services_fully_online = Số DVC trực tuyến toàn trình
xlsx-col-file = Tệp kê khai
xlsx-col-agency = Mã đơn vị
xlsx-col-agency_name = Tên cơ quan, đơn vị
xlsx-col-system_name = Tên hệ thống
xlsx-col-detail = Chi tiết
xlsx-col-line = Dòng
xlsx-col-new = Mới phát sinh
xlsx-col-new_systems = Trong đó mới phát sinh
xlsx-rows-left-out = Còn { $count } nội dung chưa đạt không đưa được vào trang tính này vì mỗi trang tính chỉ chứa tối đa 1.048.576 dòng; báo cáo CSV và JSON có đầy đủ.
err-output-binary-terminal = báo cáo { $format } là tệp nhị phân, không hiển thị được trên màn hình dòng lệnh: hãy ghi ra tệp bằng --output report.{ $format }, hoặc chuyển đầu ra chuẩn (stdout) sang tệp hay đường ống (pipe)
# --- end of issue 15, items 4 and 8 ----------------------------------------

# --- Workbooks: template, import, export (issue 15, items 1 to 3) --------
# Kept together at the end of the file to ease merging.

## Sheets
wb-sheet-agencies = Đơn vị
wb-sheet-systems = Hệ thống
wb-sheet-endpoints = Địa chỉ truy cập
wb-sheet-services = Dịch vụ công

## Headers
wb-col-agencies-id = Mã đơn vị
wb-col-agencies-name = Tên đơn vị
wb-col-agencies-kind = Loại đơn vị
wb-col-agencies-contact = Thư điện tử liên hệ
wb-col-agencies-parent = Mã đơn vị cấp trên
wb-col-agencies-tags = Nhãn
wb-col-agencies-domains = Tên miền
wb-col-systems-agency = Mã đơn vị
wb-col-systems-id = Mã hệ thống
wb-col-systems-name = Tên hệ thống
wb-col-systems-description = Mô tả
wb-col-systems-criticality = Mức độ quan trọng
wb-col-systems-security-level = Cấp độ an toàn thông tin
wb-col-systems-security-approval-decision = Quyết định phê duyệt cấp độ
wb-col-systems-security-approval-date = Ngày phê duyệt cấp độ
wb-col-systems-last-security-assessment = Ngày kiểm tra, đánh giá ATTT gần nhất
wb-col-systems-data-classification = Phân loại dữ liệu
wb-col-systems-personal-data-users = Số người có dữ liệu cá nhân
wb-col-systems-lifecycle = Giai đoạn vận hành
wb-col-systems-commissioned = Ngày đưa vào sử dụng
wb-col-systems-last-reviewed = Ngày rà soát gần nhất
wb-col-systems-hosting-model = Hình thức lưu trữ
wb-col-systems-hosting-provider = Nhà cung cấp hạ tầng
wb-col-systems-hosting-region = Vùng lưu trữ
wb-col-systems-migration-strategy = Phương án chuyển đổi
wb-col-systems-migration-status = Tình trạng chuyển đổi
wb-col-systems-migration-wave = Đợt chuyển đổi
wb-col-systems-migration-target-date = Hạn hoàn thành chuyển đổi
wb-col-systems-migration-note = Ghi chú chuyển đổi
wb-col-systems-public-services-total = Số thủ tục hành chính
wb-col-systems-public-services-fully-online = Số thủ tục trực tuyến toàn trình
wb-col-systems-public-services-mobile-ready = Số thủ tục dùng được trên di động
wb-col-systems-tags = Nhãn
wb-col-endpoints-agency = Mã đơn vị
wb-col-endpoints-system = Mã hệ thống
wb-col-endpoints-url = Địa chỉ (URL)
wb-col-endpoints-expect = Trạng thái yêu cầu
wb-col-services-agency = Mã đơn vị
wb-col-services-system = Mã hệ thống
wb-col-services-code = Mã thủ tục
wb-col-services-name = Tên thủ tục
wb-col-services-level = Mức độ
wb-col-services-online-payment = Thanh toán trực tuyến
wb-col-services-result-delivery = Hình thức trả kết quả
wb-col-services-national-portal-id = Mã trên Cổng Dịch vụ công quốc gia

## Notes: the schema's descriptions, translated
wb-note-agencies-id = Mã duy nhất trong toàn bộ danh mục, ví dụ `so-tttt`.
wb-note-agencies-contact = Người chịu trách nhiệm về danh mục này (địa chỉ thư điện tử).
wb-note-agencies-parent = Mã của đơn vị cấp trên trực tiếp (nếu có).
wb-note-agencies-domains = Các tên miền của đơn vị (trang web và thư điện tử), ví dụ `hue.gov.vn`. Khi quét, mỗi tên miền được kiểm tra như một tên miền thư điện tử (MX, SPF, DMARC, STARTTLS) theo các quy tắc `each: domain`, kể cả tên miền không gửi thư: kẻ giả mạo hay lợi dụng những tên miền này.
wb-note-systems-id = Mã duy nhất trong đơn vị; mã đầy đủ là `đơn-vị/hệ-thống`.
wb-note-systems-security-level = Cấp độ an toàn hệ thống thông tin từ 1 (thấp nhất) đến 5, theo Nghị định 85/2016/NĐ-CP.
wb-note-systems-security-approval-decision = Số quyết định phê duyệt cấp độ, ví dụ `123/QĐ-UBND`.
wb-note-systems-last-security-assessment = Ngày kiểm tra, đánh giá an toàn thông tin gần nhất.
wb-note-systems-personal-data-users = Số người có dữ liệu cá nhân lưu trong hệ thống.
wb-note-systems-lifecycle = Giai đoạn của hệ thống; hệ thống đã dừng (retired) không được tính vào các chỉ tiêu.
wb-note-systems-commissioned = Ngày hệ thống được (hoặc sẽ được) đưa vào sử dụng.
wb-note-systems-last-reviewed = Ngày đơn vị rà soát thông tin của hệ thống này gần nhất.
wb-note-systems-hosting-provider = Mã nhà cung cấp trong `policies/providers.yaml`.
wb-note-systems-public-services-total = Số thủ tục hành chính do hệ thống phục vụ.
wb-note-systems-public-services-fully-online = Trong đó, số thủ tục trực tuyến toàn trình (trước đây gọi là "mức độ 4").
wb-note-systems-public-services-mobile-ready = Trong số thủ tục toàn trình, số thủ tục thực hiện được trên thiết bị di động.
wb-note-endpoints-url = `https://máy-chủ/đường-dẫn`, `http://máy-chủ` hoặc `tcp://máy-chủ:cổng`.
wb-note-endpoints-expect = Địa chỉ phải trả lời (`open`, mặc định) hay phải đóng (`closed`).
wb-note-services-code = Mã thủ tục hành chính quốc gia, ví dụ `1.001612`.
wb-note-services-national-portal-id = Mã của dịch vụ trên Cổng Dịch vụ công quốc gia.

## Notes: what a column takes
wb-note-link-agency = Mã của đơn vị có dòng này, như ở trang Đơn vị; có thể để trống nếu tệp chỉ có một đơn vị.
wb-note-link-system = Mã của hệ thống có dòng này, như ở trang Hệ thống.
wb-note-required = Bắt buộc.
wb-note-required-with = Bắt buộc khi đã điền bất kỳ cột {$group} nào.
wb-note-text = Văn bản.
wb-note-keyword = Một trong các giá trị: {$choices} (chọn trong danh sách).
wb-note-date = Ngày, nhập dạng ngày hoặc dạng văn bản NNNN-TT-NN (năm-tháng-ngày).
wb-note-integer = Số nguyên.
wb-note-range = Số nguyên từ {$min} đến {$max}.
wb-note-bool = TRUE (có) hoặc FALSE (không).
wb-note-list = Nhiều giá trị: ngăn cách bằng dấu phẩy.
wb-note-default = Để trống nghĩa là {$value}.
wb-dropdown-title = Giá trị không hợp lệ
wb-dropdown-message = Chọn một trong các giá trị: {$choices}.

## Reading workbooks
wb-err-unreadable = không đọc được tệp bảng tính: {$reason}
wb-err-not-xlsx = không phải tệp bảng tính xlsx (tệp zip): {$reason}
wb-err-too-many-entries = tệp bảng tính chứa {$entries} tệp con, nhiều hơn {$limit}: từ chối đọc
wb-err-entry-too-big = phần `{$entry}` của tệp khi giải nén sẽ chiếm {$size} MiB, vượt quá {$limit} MiB: từ chối trước khi đọc
wb-err-too-many-rows = trang tính có {$rows} dòng, nhiều hơn {$limit}: từ chối trước khi đọc hết
wb-err-too-many-cells = tệp bảng tính có hơn {$limit} ô: từ chối đọc
wb-err-cell-too-long = ô chứa hơn {$limit} ký tự (giới hạn của Excel): từ chối đọc
wb-err-merged = các ô {$range} đã được gộp: mỗi dòng cần có giá trị riêng
wb-hint-merged = bỏ gộp ô (Excel: Merge & Center; LibreOffice: Định dạng > Gộp và bỏ gộp ô) rồi điền đủ từng dòng
wb-err-formula-no-value = ô có công thức nhưng không có kết quả đã lưu
wb-err-cell-error = ô hiển thị lỗi {$error} thay vì giá trị
wb-err-csv = không đọc được dòng CSV này: {$reason}
wb-err-csv-utf8 = tệp CSV không phải văn bản UTF-8
wb-hint-csv-utf8 = lưu tệp dạng "CSV UTF-8" (Excel) hoặc chọn bảng mã "Unicode (UTF-8)" (LibreOffice)
wb-err-csv-which-sheet = dòng đầu không có tên cột nào của biểu mẫu, nên không biết tệp CSV này là trang nào
wb-hint-csv-which-sheet = giữ nguyên dòng tiêu đề của biểu mẫu ở dòng đầu tệp
wb-err-csv-same-sheet = tệp CSV này chứa cùng trang ({$sheet}) với tệp {$other}
wb-err-file-kind = không phải tệp bảng tính: lệnh import đọc tệp .xlsx và .csv
wb-hint-file-kind = trong Excel hoặc LibreOffice, lưu tệp dạng "Excel Workbook (.xlsx)"
wb-err-missing-sheet = tệp bảng tính thiếu trang `{$vi}` (tiếng Anh: `{$sheet}`)
wb-hint-missing-sheet = dùng biểu mẫu do `cloudcensus template` tạo ra, trong đó các trang được đặt tên đúng như lệnh import cần
wb-err-unknown-column = cột `{$header}` không có trong biểu mẫu
wb-err-which-agency = chưa rõ đơn vị: tệp có nhiều đơn vị nên cần điền mã đơn vị
wb-err-no-such-agency = không có đơn vị `{$id}` ở trang {$sheet}
wb-err-no-such-system = đơn vị `{$agency}` không có hệ thống `{$id}` ở trang {$sheet}
wb-hint-date = nhập ngày dưới dạng ngày, hoặc dạng văn bản NNNN-TT-NN (ví dụ 2026-06-30)
wb-err-would-overwrite = danh mục của `{$id}` đã có và khác nội dung: không ghi đè
wb-hint-force = xem lại chỗ khác nhau, rồi chạy lại lệnh import với --force

## What the commands say
wb-template-written = Đã tạo biểu mẫu {$path}: điền thông tin rồi chạy `cloudcensus import {$path}`.
wb-export-written = Đã xuất {$agencies} đơn vị và {$systems} hệ thống ra {$path}.
wb-import-written = Đã ghi {$written} danh mục vào {$dir} ({$unchanged} không thay đổi).
wb-import-nothing-written = Chưa ghi tệp nào: sửa các lỗi trên rồi chạy lại lệnh import (hoặc dùng --partial).
wb-import-left-out = Bỏ qua do có lỗi ({$count}): {$ids}
# --- end of workbooks (issue 15) ------------------------------------------

# cloudcensus national: tổng hợp lần rà soát gần nhất của mọi cơ quan, địa phương
national-title = Tổng hợp toàn quốc về ứng dụng điện toán đám mây và an toàn thông tin
national-none = Kho lịch sử chưa có lần rà soát nào của cơ quan, địa phương: mỗi cơ quan, địa phương chạy `cloudcensus scan --org MÃ --history URL`.
national-header = Tổng hợp toàn quốc tính đến ngày { $date }: số liệu của { $counted }/{ $total } cơ quan, địa phương được tính vào các chỉ tiêu toàn quốc.
national-left-out = Không tính: { $stale } cơ quan, địa phương có số liệu cũ (lần rà soát gần nhất đã quá { $days } ngày), { $missing } chưa có số liệu, { $other } áp dụng bộ quy tắc khác.
national-pack = Bộ quy tắc được đa số áp dụng: { $digest }. Mỗi chỉ tiêu được tính bằng tổng số đạt của các cơ quan, địa phương chia cho tổng số được đánh giá, không lấy bình quân các tỷ lệ.
national-other-pack = { $org } áp dụng bộ quy tắc khác ({ $digest }): số liệu không so sánh được và không được tính.
national-pack-unknown = không ghi nhận
national-target-line = { $title }: { $value } ({ $measured }), mục tiêu { $goal } trước { $deadline }: { $status }; thấp nhất: { $worst }
section-national-targets = Chỉ tiêu toàn quốc
section-national-orgs = Các cơ quan, địa phương
section-national-worst = Cơ quan, địa phương có kết quả thấp nhất theo từng chỉ tiêu
xlsx-sheet-national-targets = Chỉ tiêu toàn quốc
xlsx-sheet-national-orgs = Các cơ quan, địa phương
xlsx-sheet-national-worst = Thấp nhất theo chỉ tiêu
col-org = Cơ quan, địa phương
col-org-kind = Loại hình
col-last-run = Lần rà soát gần nhất
col-pack = Bộ quy tắc
col-orgs-measured = Số cơ quan, địa phương
col-worst-orgs = Kết quả thấp nhất
national-status-fresh = cập nhật
national-status-stale = số liệu cũ
national-status-missing = chưa có số liệu
national-pack-same = theo đa số
national-pack-other = khác, không so sánh được
org-kind-province = tỉnh
org-kind-city = thành phố trực thuộc trung ương
org-kind-ministry = bộ, cơ quan ngang bộ
csv-last_run = Lần rà soát gần nhất
csv-status = Tình trạng số liệu
csv-policy_pack = Bộ quy tắc
csv-policy_digest = Mã bộ quy tắc
err-national-format = --output { $path }: không xác định được định dạng của tệp từ tên tệp; thêm --format table, summary, json, csv, html hoặc xlsx
trend-national = Giá trị toàn quốc theo từng ngày: mỗi ngày được tổng hợp từ lần rà soát gần nhất tính đến ngày đó của mọi cơ quan, địa phương (không quá { $days } ngày, theo bộ quy tắc được đa số áp dụng).
