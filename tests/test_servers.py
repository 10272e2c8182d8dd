def test_moto_server_speaks_s3_over_http(moto_server):
    import boto3
    s3 = boto3.client("s3", endpoint_url=moto_server.url)
    s3.create_bucket(Bucket="probe")
    s3.put_object(Bucket="probe", Key="k", Body=b"0123456789")
    assert s3.get_object(Bucket="probe", Key="k", Range="bytes=2-4")["Body"].read() == b"234"
