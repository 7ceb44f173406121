# Nhãn tiếng Việt của các báo cáo. Mỗi thông điệp có bản tiếng Anh tương
# ứng trong en.ftl; một kiểm thử bảo đảm hai tệp có cùng các mã thông điệp.

header = cloudcensus { $version } — số liệu ngày { $date } ({ $mode }): { $agencies } cơ quan, đơn vị; { $systems } hệ thống
header-retired = (thêm { $retired } hệ thống đã ngừng sử dụng, không tính)
header-retiring = ({ $retiring } hệ thống sắp ngừng sử dụng, không tính vào tỷ lệ trên điện toán đám mây)
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

html-title = Báo cáo rà soát chuyển đổi lên điện toán đám mây và bảo đảm an toàn thông tin
html-chart-title = Mức tuân thủ của các cơ quan, đơn vị (từ thấp đến cao)
html-compliance-note = Tỷ lệ lượt kiểm tra đạt hoặc được miễn trừ trên tổng số lượt kiểm tra đã có kết quả.
html-gauge-goal = mục tiêu { $goal }
html-probe-facts = Kết quả kiểm tra các địa chỉ
html-no-probes = Lần rà soát này không kiểm tra trực tuyến các địa chỉ.
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
runs-mode-offline = ngoại tuyến
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

# --- Phiên bản TLS và độ an toàn của chứng thư số (issue 13) -------------
# Đặt chung ở cuối tệp để dễ hợp nhất.
probe-tls-versions = Phiên bản TLS
probe-tls-legacy-only = chỉ hỗ trợ TLS cũ
probe-cert-key = Khóa
html-probe-tls-versions = Phiên bản TLS được chấp nhận
html-cert-weak-key = khóa quá yếu
html-cert-weak-signature = chữ ký yếu (SHA-1 hoặc MD5)
# --- hết phần issue 13 ----------------------------------------------------
